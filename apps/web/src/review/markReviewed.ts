import { type Editor, Node, type Path, Transforms } from 'slate';
import { wordOf } from '../editor/transcriptTypes.ts';
import { reviewMarks } from './reviewPayloads.ts';

/**
 * Sets the review marks (`reviewed`, `reviewedBy`, `reviewedAt`) on the word at `path`, which un-flags it for
 * everyone. Only these three attributes change, which is all a reviewer's connection may write.
 */
export function markReviewed(editor: Editor, path: Path, userId: string, now = Date.now()): boolean {
  if (!Node.has(editor, path) || !wordOf(Node.get(editor, path))) return false;
  Transforms.setNodes(editor, { ...reviewMarks(userId, now) }, { at: path });
  return true;
}
