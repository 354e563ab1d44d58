import { describe, expect, it } from 'vitest';
import type { TurnElement } from '../editor/transcriptTypes.ts';
import { collectFlagged, countFlagged, warmFlagged } from './collectFlagged.ts';
import { findFlagged } from './findFlagged.ts';
import { reviewSample } from '../../test/reviewSample.ts';

describe('collectFlagged and findFlagged', () => {
  it('lists flagged words in reading order with their context and place', () => {
    const flagged = collectFlagged(reviewSample().children, 0.6);
    expect(flagged.map((f) => [f.text, f.start, f.conf, f.path])).toEqual([
      ['took', 0.3, 0.3, [0, 2]],
      ['milligram', 0.9, 0.2, [0, 6]],
      ['milligram', 3.3, 0.4, [1, 2]],
      ['then', 3.9, 0.59, [1, 4]],
    ]);
    expect(flagged[1]!.context).toBe('took five milligram daily');
    expect(collectFlagged(reviewSample().children, 0.35).map((f) => f.text)).toEqual(['took', 'milligram']);
    expect(countFlagged(reviewSample().children[1] as TurnElement, 0.6)).toBe(2);
  });

  it('finds the next and previous flagged word from the caret, wrapping around', () => {
    const { children } = reviewSample();
    const at = (path: number[], offset = 0) => ({ path, offset });
    expect(findFlagged(children, 0.6, null, 1)).toEqual([0, 2]);
    expect(findFlagged(children, 0.6, at([0, 2], 1), 1)).toEqual([0, 6]);
    expect(findFlagged(children, 0.6, at([0, 7]), 1)).toEqual([1, 2]);
    expect(findFlagged(children, 0.6, at([1, 4], 2), 1)).toEqual([0, 2]);
    expect(findFlagged(children, 0.6, at([1, 4], 2), 1, { wrap: false })).toBeUndefined();
    expect(findFlagged(children, 0.6, at([1, 2]), -1)).toEqual([0, 6]);
    expect(findFlagged(children, 0.6, at([0, 0]), -1)).toEqual([1, 4]);
    expect(findFlagged(children, 0.1, null, 1)).toBeUndefined();
  });

  it('warms the cache a paragraph at a time while there is time, at least one a call; collecting after it gives the same list', () => {
    const { children } = reviewSample();
    expect(warmFlagged(children, 0.6, 2, 0, () => false)).toBe(1);
    let calls = 0;
    expect(warmFlagged(children, 0.6, 2, 1, () => ++calls < 10)).toBe(2);
    expect(warmFlagged(children, 0.6, 2, 2, () => true)).toBe(2);
    const list = (flagged: ReturnType<typeof collectFlagged>) => flagged.map((f) => [f.text, f.start, f.path, f.context]);
    expect(list(collectFlagged(children, 0.6))).toEqual(list(collectFlagged(reviewSample().children, 0.6)));
    // a paragraph inserted before the warmed ones: their words keep their lists under the new paths
    const inserted = reviewSample().children[1]!;
    expect(list(collectFlagged([inserted, ...children], 0.6))).toEqual(list(collectFlagged([inserted, ...reviewSample().children], 0.6)));
  });
});
