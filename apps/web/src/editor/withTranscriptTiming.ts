import { Editor, Node, Range, Transforms } from 'slate';
import { insertTranscriptText } from './insertTranscriptText.ts';
import { joinGluedWords } from './joinGluedWords.ts';
import { markEditedWords } from './markEditedWords.ts';
import { mergeTurn } from './mergeTurn.ts';
import { splitTurn } from './splitTurn.ts';

/**
 * Gives a Slate editor the transcript's editing rules, so that no edit loses a word's timing:
 * - typing inside (or against) a word keeps the word's start and end and marks it `origin: 'human'`;
 * - a word typed between words gets times interpolated from its neighbours (confidence 1, origin human);
 *   pasted text (plain text only; line breaks count as spaces) is split into words the same way;
 * - deleting characters marks the word human; deleting the space between two words makes them one word;
 * - Enter splits the turn at the caret (same speaker, start = the next word's start); Shift+Enter does nothing;
 * - Backspace at a turn's start (Delete at its end) merges it with the previous (next) one.
 *
 * @example
 * const editor = withTranscriptTiming(withYjs(withReact(createEditor()), root));
 */
export function withTranscriptTiming<T extends Editor>(editor: T): T {
  const { insertText, deleteBackward, deleteForward, deleteFragment } = editor;

  editor.insertText = (text, options) => {
    if (options?.at !== undefined) {
      insertText(text, options);
      return;
    }
    trackEdits(editor, () => insertTranscriptText(editor, text));
  };

  editor.insertFragment = (fragment) => {
    const text = fragment.map((node) => Node.string(node)).join(' ');
    trackEdits(editor, () => insertTranscriptText(editor, text));
  };

  editor.insertBreak = () => {
    const selection = editor.selection;
    if (!selection) return;
    if (Range.isExpanded(selection)) Transforms.collapse(editor, { edge: 'start' });
    splitTurn(editor, editor.selection!.anchor);
  };

  editor.insertSoftBreak = () => {};

  editor.deleteBackward = (unit) => {
    const selection = editor.selection;
    if (selection && Range.isCollapsed(selection) && selection.anchor.path.length === 2) {
      const index = selection.anchor.path[0]!;
      if (index > 0 && Editor.isStart(editor, selection.anchor, [index])) {
        mergeTurn(editor, index);
        return;
      }
    }
    trackEdits(editor, () => deleteBackward(unit));
  };

  editor.deleteForward = (unit) => {
    const selection = editor.selection;
    if (selection && Range.isCollapsed(selection) && selection.anchor.path.length === 2) {
      const index = selection.anchor.path[0]!;
      if (index + 1 < editor.children.length && Editor.isEnd(editor, selection.anchor, [index])) {
        mergeTurn(editor, index + 1);
        return;
      }
    }
    trackEdits(editor, () => deleteForward(unit));
  };

  editor.deleteFragment = (options) => {
    trackEdits(editor, () => deleteFragment(options));
  };

  // slate-react's paste and drop: plain text only, so copied words never bring their old times along
  const withData = editor as T & { insertData?: (data: DataTransfer) => void };
  if (typeof withData.insertData === 'function') {
    withData.insertData = (data) => {
      const text = data.getData('text/plain');
      if (text) editor.insertText(text);
    };
  }
  return editor;
}

// Runs a user edit, then marks the words whose text it changed as human and joins words it left touching.
function trackEdits(editor: Editor, edit: () => void): void {
  const from = editor.operations.length;
  edit();
  const ops = editor.operations.slice(from);
  Editor.withoutNormalizing(editor, () => {
    markEditedWords(editor, ops);
    joinGluedWords(editor);
  });
}
