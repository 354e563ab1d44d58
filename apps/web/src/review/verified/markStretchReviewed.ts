import type { YjsEditor } from '@slate-yjs/core';
import { Node, type Path, Text } from 'slate';
import * as Y from 'yjs';
import { isTurn, reviewProperties } from '../../editor/transcriptTypes.ts';

/**
 * Sets the review mark (`r`: who, when) on every word leaf at `paths` in one Yjs transaction of `origin`, written to
 * the shared document directly: the editor then takes the change in as it takes a collaborator's. Going through
 * Slate instead costs one operation per word, which @slate-yjs queues by copying its whole queue each time: 22 s
 * for the 30,000 words of a three-hour transcript on the 2-core development machine, against 1.6 s this way (most of
 * it Slate taking in the change). Only the `r` attribute
 * changes, which is all a reviewer's connection may write. Returns how many leaves it marked.
 */
export function markStretchReviewed(editor: YjsEditor, paths: readonly Path[], mark: { by: string; at: number }, origin: unknown): number {
  const root = editor.sharedRoot;
  const doc = root.doc;
  if (!doc) return 0;
  const attributes = reviewProperties(mark) as Record<string, unknown>;
  const paragraphs = root.toDelta() as Array<{ insert: unknown }>;
  const byTurn = new Map<number, number[]>();
  for (const [turn, leaf] of paths) {
    if (turn === undefined || leaf === undefined) continue;
    let leaves = byTurn.get(turn);
    if (!leaves) byTurn.set(turn, (leaves = []));
    leaves.push(leaf);
  }
  let marked = 0;
  doc.transact(() => {
    for (const [turn, leaves] of byTurn) {
      const element = editor.children[turn];
      const text = paragraphs[turn]?.insert;
      if (!isTurn(element) || !(text instanceof Y.XmlText)) continue;
      // a leaf's offset in its paragraph's Y text: the lengths of the leaves before it
      const offsets: number[] = [];
      let offset = 0;
      for (const child of element.children) {
        offsets.push(offset);
        offset += Text.isText(child) ? child.text.length : Node.string(child).length;
      }
      for (const leaf of leaves) {
        const child = element.children[leaf];
        if (!Text.isText(child) || child.text.length === 0) continue;
        text.format(offsets[leaf]!, child.text.length, attributes);
        marked++;
      }
    }
  }, origin);
  return marked;
}
