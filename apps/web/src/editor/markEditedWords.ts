import { type Editor, Node, type Operation, Path, Transforms } from 'slate';
import { timingProperties, wordOf } from './transcriptTypes.ts';

/**
 * Marks as `origin: 'human'` every word whose text one of `ops` changed (insert_text / remove_text), following
 * each path through the operations after it. A word keeps its times; only its origin says a person edited it.
 */
export function markEditedWords(editor: Editor, ops: readonly Operation[]): void {
  const touched = new Map<string, Path>();
  ops.forEach((op, i) => {
    if (op.type !== 'insert_text' && op.type !== 'remove_text') return;
    let path: Path | null = op.path;
    for (let j = i + 1; j < ops.length && path; j++) path = Path.transform(path, ops[j]!);
    if (path) touched.set(path.join(','), path);
  });
  for (const path of touched.values()) {
    if (!Node.has(editor, path)) continue;
    const word = wordOf(Node.get(editor, path));
    if (word && word.text !== '' && word.origin !== 'human') Transforms.setNodes(editor, timingProperties(word, { origin: 'human' }), { at: path });
  }
}
