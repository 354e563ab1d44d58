import { Node, type Path } from 'slate';
import { ReactEditor } from 'slate-react';
import { wordOf } from '../editor/transcriptTypes.ts';
import type { IndexedWord } from '../waveform/WordTimeIndex.ts';

/** The element a word of the playback index is rendered as; undefined when it is not rendered (another tab, gone). */
export function wordElement(editor: ReactEditor, word: IndexedWord): HTMLElement | undefined {
  try {
    return ReactEditor.toDOMNode(editor, word.leaf as never);
  } catch {
    // the index is older than the document: look the word up where it was
    const node = Node.has(editor, word.path) ? Node.get(editor, word.path) : undefined;
    return node && wordOf(node)?.start === word.start ? nodeElement(editor, word.path) : undefined;
  }
}

/** The element the node at `path` is rendered as, if it is. */
export function nodeElement(editor: ReactEditor, path: Path): HTMLElement | undefined {
  try {
    return ReactEditor.toDOMNode(editor, Node.get(editor, path));
  } catch {
    return undefined;
  }
}
