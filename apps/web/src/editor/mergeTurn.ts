import { Editor, Transforms } from 'slate';
import { isSeparator, isTurn, type TurnElement } from './transcriptTypes.ts';

/**
 * Merges paragraph `index` into the one before it (Backspace at a turn's start): a space joins their words, the
 * merged paragraph keeps the first one's speaker and start, and the caret lands where the second one began.
 * Returns false when there is no paragraph before.
 */
export function mergeTurn(editor: Editor, index: number): boolean {
  if (index <= 0 || index >= editor.children.length) return false;
  const prev = editor.children[index - 1];
  const current = editor.children[index];
  if (!isTurn(prev) || !isTurn(current)) return false;
  Editor.withoutNormalizing(editor, () => {
    let position = prev.children.length;
    if (!isSeparator(prev.children[position - 1]) && !isSeparator(current.children[0])) {
      editor.apply({ type: 'insert_node', path: [index - 1, position], node: { text: ' ' } });
      position += 1;
    }
    const { children: _children, ...properties } = editor.children[index] as TurnElement;
    editor.apply({ type: 'merge_node', path: [index], position, properties });
    const caretAt = Math.min(position, (editor.children[index - 1] as TurnElement).children.length - 1);
    Transforms.select(editor, Editor.start(editor, [index - 1, caretAt]));
  });
  return true;
}
