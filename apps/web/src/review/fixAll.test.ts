import { Node, Transforms } from 'slate';
import { describe, expect, it } from 'vitest';
import { wordOf } from '../editor/transcriptTypes.ts';
import { collectFlagged } from './collectFlagged.ts';
import { fixAll } from './fixAll.ts';
import { markReviewed } from './markReviewed.ts';
import { reviewSample } from '../../test/reviewSample.ts';

describe('fixAll', () => {
  it('corrects every other flagged occurrence, keeping times, and returns one request each', () => {
    const editor = reviewSample();
    Transforms.select(editor, { path: [0, 0], offset: 1 });
    const requests = fixAll(editor, 'milligram', 'mg', 0.6, 'u1', 5);
    expect(requests).toEqual([
      { action: 'correct', start: 0.9, end: 1.4, before: 'milligram', after: 'mg', confidence: 0.2 },
      { action: 'correct', start: 3.3, end: 3.8, before: 'milligram', after: 'mg', confidence: 0.4 },
    ]);
    expect(editor.children.map((n) => Node.string(n))).toEqual(['she took five mg daily', 'two mg then']);
    const mg = wordOf(Node.get(editor, [1, 2]));
    expect(mg).toEqual({ text: 'mg', start: 3.3, end: 3.8, conf: 0.4, origin: 'human', reviewed: true, reviewedBy: 'u1', reviewedAt: 5 });
    expect(editor.selection?.anchor).toEqual({ path: [0, 0], offset: 1 });
    expect(collectFlagged(editor.children, 0.6).map((f) => f.text)).toEqual(['took', 'then']);
  });

  it('leaves reviewed and confident occurrences alone', () => {
    const editor = reviewSample();
    markReviewed(editor, [1, 2], 'u2');
    expect(fixAll(editor, 'milligram', 'mg', 0.3, 'u1')).toHaveLength(1);
    expect(wordOf(Node.get(editor, [1, 2]))!.text).toBe('milligram');
  });
});
