import { Node, type Path } from 'slate';
import { ReactEditor } from 'slate-react';
import { isTurn, wordOf } from '../editor/transcriptTypes.ts';
import type { IndexedWord } from '../waveform/WordTimeIndex.ts';
import { ensureLive } from './LiveParagraphs.ts';
import { finishRendering } from './ProgressiveRender.ts';
import { staticWordRange } from './staticWords.ts';

/**
 * The element a word of the playback index is rendered as; undefined when it is not rendered (another tab, gone).
 * A word of a paragraph not rendered yet (see ProgressiveRender) or rendered static (see LiveParagraphs) has its
 * paragraph rendered live first.
 */
export function wordElement(editor: ReactEditor, word: IndexedWord): HTMLElement | undefined {
  const element = findWordElement(editor, word);
  return element ?? (drawLive(editor, word.path) ? findWordElement(editor, word) : undefined);
}

function findWordElement(editor: ReactEditor, word: IndexedWord): HTMLElement | undefined {
  try {
    return ReactEditor.toDOMNode(editor, word.node);
  } catch {
    // the index is older than the document: look the word up where it was
    const node = Node.has(editor, word.path) ? Node.get(editor, word.path) : undefined;
    return node && wordOf(node)?.start === word.start ? findNodeElement(editor, word.path) : undefined;
  }
}

/** The element the node at `path` is rendered as, if it is (its paragraph made live first if it was static). */
export function nodeElement(editor: ReactEditor, path: Path): HTMLElement | undefined {
  return findNodeElement(editor, path) ?? (drawLive(editor, path) ? findNodeElement(editor, path) : undefined);
}

// the paragraph of `path` rendered (the rest of the document first if it is not yet, see ProgressiveRender) and live
function drawLive(editor: ReactEditor, path: Path): boolean {
  const rendered = finishRendering(editor);
  return ensureLive(editor, path) || rendered;
}

function findNodeElement(editor: ReactEditor, path: Path): HTMLElement | undefined {
  try {
    return ReactEditor.toDOMNode(editor, Node.get(editor, path));
  } catch {
    return undefined;
  }
}

/**
 * Where a word of the index is drawn, live or static, without making its paragraph live (for measuring, e.g. the
 * verified gutter): its live span, or the range of the same word's characters in its paragraph's static markup.
 */
export function drawnWordElement(editor: ReactEditor, word: IndexedWord): HTMLElement | Range | undefined {
  try {
    return ReactEditor.toDOMNode(editor, word.node);
  } catch {
    const [index, child] = word.path;
    const turn = index === undefined ? undefined : editor.children[index];
    if (!isTurn(turn) || child === undefined || child >= turn.children.length) return undefined;
    let paragraph: HTMLElement;
    try {
      paragraph = ReactEditor.toDOMNode(editor, turn);
    } catch {
      return undefined;
    }
    const words = paragraph.querySelector<HTMLElement>('[data-static-words]');
    if (!words) return undefined;
    let start = 0;
    for (let j = 0; j < child; j++) start += (turn.children[j] as { text?: string }).text?.length ?? 0;
    const length = (turn.children[child] as { text?: string }).text?.length ?? 0;
    return length > 0 ? staticWordRange(words, start, start + length) : undefined;
  }
}
