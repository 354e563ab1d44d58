import { type Editor, Node, type Path, Transforms } from 'slate';
import { reviewProperties, wordOf } from '../editor/transcriptTypes.ts';

/**
 * Sets the review mark (who, when: the leaf's packed `r`) on the word at `path`, which un-flags it for everyone. Only
 * that attribute changes, which is all a reviewer's connection may write.
 */
export function markReviewed(editor: Editor, path: Path, userId: string, now = Date.now()): boolean {
  if (!Node.has(editor, path) || !wordOf(Node.get(editor, path))) return false;
  Transforms.setNodes(editor, reviewProperties({ by: userId, at: now }), { at: path });
  return true;
}
