import { Editor, Node, type Path, Transforms } from 'slate';
import { type TurnElement, wordOf } from '../editor/transcriptTypes.ts';
import { pathsInSpan } from './CorrectionTracker.ts';
import { isFlagged } from '@verbatim/core';
import { markReviewed } from './markReviewed.ts';
import { correctionRequest, type ReviewRequest } from './reviewPayloads.ts';

/**
 * "Fix all": types `after` over every other flagged word that reads exactly `before` (the same misrecognition
 * elsewhere in the transcript), keeping each word's times, and marks each reviewed by `userId`. Returns one
 * correction request per word changed, to record on the server. The user's selection is kept.
 */
export function fixAll(editor: Editor, before: string, after: string, threshold: number, userId: string, now = Date.now()): ReviewRequest[] {
  const target = before.trim();
  if (target === '' || after.trim() === '' || target === after.trim()) return [];
  const hits: Path[] = [];
  editor.children.forEach((turn, p) => {
    (turn as TurnElement).children.forEach((node, c) => {
      const word = wordOf(node);
      if (word && word.text === target && isFlagged(word.conf, word.reviewed, threshold)) hits.push([p, c]);
    });
  });
  if (hits.length === 0) return [];
  const requests: ReviewRequest[] = [];
  const saved = editor.selection ? Editor.rangeRef(editor, editor.selection) : undefined;
  Editor.withoutNormalizing(editor, () => {
    // last first, so earlier paths stay valid
    for (const path of hits.reverse()) {
      const word = wordOf(Node.get(editor, path))!;
      const request = correctionRequest(word.text, after, word);
      if (!request) continue;
      Transforms.select(editor, Editor.range(editor, path));
      editor.insertText(request.after);
      for (const changed of pathsInSpan(editor, { start: word.start, end: word.end, paragraph: path[0]! })) markReviewed(editor, changed, userId, now);
      requests.push(request);
    }
  });
  const restored = saved?.unref();
  if (restored) Transforms.select(editor, restored);
  else Transforms.deselect(editor);
  return requests.reverse();
}
