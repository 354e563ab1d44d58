import { Node } from 'slate';
import { describe, expect, it } from 'vitest';
import { collectFlagged } from './collectFlagged.ts';
import { markReviewed } from './markReviewed.ts';
import { wordOf } from '../editor/transcriptTypes.ts';
import { reviewSample } from '../../test/reviewSample.ts';
import { acceptRequest, correctionRequest } from './reviewPayloads.ts';

describe('review payloads and marks', () => {
  it('builds accept and correction requests for the server', () => {
    const word = { text: 'milligram', start: 0.9, end: 1.4, conf: 0.2 };
    expect(acceptRequest(word)).toEqual({ action: 'accept', start: 0.9, end: 1.4, before: 'milligram', after: 'milligram', confidence: 0.2 });
    expect(correctionRequest('milligram', ' milligrams ', word)).toEqual({
      action: 'correct',
      start: 0.9,
      end: 1.4,
      before: 'milligram',
      after: 'milligrams',
      confidence: 0.2,
    });
    expect(correctionRequest('milligram', 'milligram', word)).toBeUndefined();
  });

  it('marks a word reviewed (which un-flags it) without touching its text or times', () => {
    const editor = reviewSample();
    expect(markReviewed(editor, [0, 2], 'u1', 7)).toBe(true);
    expect(wordOf(Node.get(editor, [0, 2]))).toEqual({ text: 'took', start: 0.3, end: 0.5, conf: 0.3, origin: 'asr', reviewed: true, reviewedBy: 'u1', reviewedAt: 7 });
    // one packed review mark beside the unchanged packed timing
    expect(Node.get(editor, [0, 2])).toEqual({ text: 'took', t: '8c 5k 8c', r: 'u1@7' });
    expect(collectFlagged(editor.children, 0.6).map((f) => f.text)).toEqual(['milligram', 'milligram', 'then']);
    expect(markReviewed(editor, [0, 1], 'u1')).toBe(false);
  });
});
