import { Node, type Path } from 'slate';
import { ReactEditor } from 'slate-react';
import { wordOf } from '../editor/transcriptTypes.ts';
import type { IndexedWord } from '../waveform/WordTimeIndex.ts';
import { finishRendering } from './ProgressiveRender.ts';

/**
 * The element a word of the playback index is rendered as; undefined when it is not rendered (another tab, gone).
 * A word in a part of the document not rendered yet (see ProgressiveRender) has the rest rendered first.
 */
export function wordElement(editor: ReactEditor, word: IndexedWord): HTMLElement | undefined {
  const element = findWordElement(editor, word);
  return element ?? (finishRendering(editor) ? findWordElement(editor, word) : undefined);
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

/** The element the node at `path` is rendered as, if it is (rendering the rest of the document first if need be). */
export function nodeElement(editor: ReactEditor, path: Path): HTMLElement | undefined {
  return findNodeElement(editor, path) ?? (finishRendering(editor) ? findNodeElement(editor, path) : undefined);
}

function findNodeElement(editor: ReactEditor, path: Path): HTMLElement | undefined {
  try {
    return ReactEditor.toDOMNode(editor, Node.get(editor, path));
  } catch {
    return undefined;
  }
}
