import { describe, expect, it } from 'vitest';
import type { TurnElement } from '../editor/transcriptTypes.ts';
import { collectFlagged, countFlagged } from './collectFlagged.ts';
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
});
