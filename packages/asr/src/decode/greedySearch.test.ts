import { describe, expect, it } from 'vitest';
import { DecodeError } from './DecodeError.ts';
import { greedySearch } from './greedySearch.ts';
import { logProbsFromFrames } from './logProbsFromFrames.ts';

const TOKENS = ['▁', 'a', 'b', '<blk>'];
const BLANK = 3;
const ids = (s: string) => [...s].map((ch) => TOKENS.indexOf(ch === ' ' ? '▁' : ch));

describe('greedySearch', () => {
  it('collapses repeats, keeps a token repeated after a blank, and drops blanks', () => {
    const lp = logProbsFromFrames(TOKENS, ['<blk>', 'a', 'a', '<blk>', 'a', 'b', 'b', 'b', '<blk>', '<blk>']);
    const hyp = greedySearch(lp, BLANK);
    expect(hyp.tokens).toEqual([
      { id: 1, start: 1, end: 3 },
      { id: 1, start: 4, end: 5 },
      { id: 2, start: 5, end: 8 },
    ]);
  });

  it('merges a run without blank into one token and starts a new one when the token changes', () => {
    const hyp = greedySearch(logProbsFromFrames(TOKENS, ['a', 'a', 'a', '▁', 'b', 'a']), BLANK);
    expect(hyp.tokens.map((t) => t.id)).toEqual(ids('a ba'));
    expect(hyp.tokens[0]).toEqual({ id: 1, start: 0, end: 3 });
  });

  it('scores the best path: the sum of the per-frame maxima, with no boost', () => {
    const lp = logProbsFromFrames(TOKENS, [{ a: 0.4, '<blk>': 0.6 }, { a: 0.7, '<blk>': 0.3 }], 0);
    const hyp = greedySearch(lp, BLANK);
    expect(hyp.tokens).toEqual([{ id: 1, start: 1, end: 2 }]);
    expect(hyp.acousticScore).toBeCloseTo(Math.log(0.6 * 0.7), 5);
    expect(hyp.score).toBe(hyp.acousticScore);
    expect(hyp.boostScore).toBe(0);
  });

  it('decodes zero frames to nothing', () => {
    expect(greedySearch({ data: new Float32Array(0), frames: 0, vocab: 4 }, BLANK)).toEqual({
      tokens: [],
      score: 0,
      acousticScore: 0,
      boostScore: 0,
      lmScore: 0,
    });
  });

  it('rejects a blank id outside the vocabulary and a matrix of the wrong size', () => {
    const lp = logProbsFromFrames(TOKENS, ['a']);
    expect(() => greedySearch(lp, 4)).toThrow(expect.objectContaining({ code: 'invalid-blank-id' }));
    const bad = { data: new Float32Array(7), frames: 2, vocab: 4 };
    expect(() => greedySearch(bad, BLANK)).toThrow(DecodeError);
    expect(() => greedySearch(bad, BLANK)).toThrow(/expected 2 x 4 = 8 log-probs, got 7/);
  });
});
