import { type Editor, Path, Transforms } from 'slate';
import { timingProperties, type WordLeaf, wordProperties } from './transcriptTypes.ts';

/**
 * Splits the word at `path` at character `offset` into two human-edited words meeting at time `mid`.
 *
 * The split itself keeps the word's properties on both halves, and the new times are set afterwards: @slate-yjs
 * writes a text split as a format of the whole original run with the split's properties, so a split that changed
 * them would give the first half the second half's times in the shared document.
 */
export function splitWord(editor: Editor, path: Path, offset: number, mid: number, word: WordLeaf): void {
  editor.apply({ type: 'split_node', path, position: offset, properties: wordProperties(word) });
  Transforms.setNodes(editor, timingProperties(word, { end: mid, origin: 'human' }), { at: path });
  Transforms.setNodes(editor, timingProperties(word, { start: mid, origin: 'human' }), { at: Path.next(path) });
}
