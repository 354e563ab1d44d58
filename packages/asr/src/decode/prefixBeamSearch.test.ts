import { describe, expect, it } from 'vitest';
import { createLogProbs } from './createLogProbs.ts';
import { greedySearch } from './greedySearch.ts';
import { logProbsFromFrames } from './logProbsFromFrames.ts';
import { prefixBeamSearch } from './prefixBeamSearch.ts';
import { seededRandom } from './seededRandom.ts';
import type { LogProbs } from './types.ts';

const TOKENS = ['▁', 'a', 'b', 'c', '<blk>'];
const BLANK = 4;
const text = (tokens: { id: number }[]) => tokens.map((t) => TOKENS[t.id]).join('');

// Probability of every labelling, by summing over all vocab^frames alignments.
function exactLabellings(lp: LogProbs, blank: number): Map<string, number> {
  const out = new Map<string, number>();
  const path = new Array<number>(lp.frames).fill(0);
  for (let n = 0; n < lp.vocab ** lp.frames; n++) {
    let x = n;
    let logp = 0;
    for (let t = 0; t < lp.frames; t++) {
      path[t] = x % lp.vocab;
      x = Math.floor(x / lp.vocab);
      logp += lp.data[t * lp.vocab + (path[t] as number)] as number;
    }
    const label = path.filter((c, t) => c !== blank && (t === 0 || c !== path[t - 1])).join(',');
    out.set(label, (out.get(label) ?? 0) + Math.exp(logp));
  }
  return out;
}

function randomLogProbs(frames: number, vocab: number, seed: number, peak = 0): LogProbs {
  const rand = seededRandom(seed);
  return createLogProbs(
    Array.from({ length: frames }, () => {
      const row = Array.from({ length: vocab }, () => rand() ** 2);
      if (peak > 0) row[Math.floor(rand() * vocab)] = peak;
      return row;
    }),
  );
}

describe('prefixBeamSearch', () => {
  it('with beam 1 decodes unambiguous input exactly like greedy search, frames included', () => {
    const lp = logProbsFromFrames(TOKENS, ['<blk>', 'a', 'a', '<blk>', 'a', 'b', '▁', '▁', 'c', '<blk>', 'c', 'c']);
    const greedy = greedySearch(lp, BLANK);
    for (const beam of [1, 8]) {
      const [best] = prefixBeamSearch(lp, { blankId: BLANK, beam });
      expect(best?.tokens).toEqual(greedy.tokens);
    }
    expect(text(greedy.tokens)).toBe('aab▁cc');
  });

  it('finds the labelling whose alignments sum highest where the best single path says otherwise', () => {
    // Greedy reads blank, blank (p 0.36); "a" has three alignments aa, a-, -a adding up to 0.64.
    const lp = logProbsFromFrames(TOKENS, [{ a: 0.4, '<blk>': 0.6 }, { a: 0.4, '<blk>': 0.6 }], 0);
    expect(greedySearch(lp, BLANK).tokens).toEqual([]);
    const hyps = prefixBeamSearch(lp, { blankId: BLANK, beam: 4 });
    expect(text(hyps[0]?.tokens ?? [])).toBe('a');
    expect(hyps[0]?.acousticScore).toBeCloseTo(Math.log(0.64), 5);
    expect(hyps[1]?.tokens).toEqual([]);
    expect(hyps[1]?.acousticScore).toBeCloseTo(Math.log(0.36), 5);
  });

  it('merges alignments of one labelling: with a wide beam every probability is exact', () => {
    for (const seed of [1, 2, 3, 4]) {
      const lp = randomLogProbs(5, 4, seed);
      const exact = exactLabellings(lp, 3);
      const hyps = prefixBeamSearch(lp, { blankId: 3, beam: 1024 });
      expect(hyps.length).toBe(exact.size);
      const labels = new Set<string>();
      for (const h of hyps) {
        const label = h.tokens.map((t) => t.id).join(',');
        labels.add(label);
        expect(h.acousticScore).toBeCloseTo(Math.log(exact.get(label) ?? 0), 4);
      }
      expect(labels.size).toBe(hyps.length);
      for (let i = 1; i < hyps.length; i++) expect(hyps[i - 1]!.score).toBeGreaterThanOrEqual(hyps[i]!.score);
    }
  });

  it('times each token from its first frame to one past its last repeat', () => {
    const lp = logProbsFromFrames(TOKENS, ['<blk>', '<blk>', 'a', 'a', 'a', '<blk>', '<blk>', 'b', '<blk>', 'a']);
    const [best] = prefixBeamSearch(lp, { blankId: BLANK, beam: 4 });
    expect(best?.tokens).toEqual([
      { id: 1, start: 2, end: 5 },
      { id: 2, start: 7, end: 8 },
      { id: 1, start: 9, end: 10 },
    ]);
  });

  it('skips tokens below tokenPruneLogProb but never blank', () => {
    const lp = logProbsFromFrames(TOKENS, [{ a: 0.4, '<blk>': 0.6 }, { a: 0.4, '<blk>': 0.6 }], 1e-3);
    const pruned = prefixBeamSearch(lp, { blankId: BLANK, beam: 8, tokenPruneLogProb: Math.log(0.5) });
    expect(pruned).toHaveLength(1);
    expect(pruned[0]?.tokens).toEqual([]);
    const all = prefixBeamSearch(lp, { blankId: BLANK, beam: 8, tokenPruneLogProb: -10 });
    expect(text(all[0]?.tokens ?? [])).toBe('a');
    expect(all.length).toBeGreaterThan(2);
  });

  it('decodes 100k frames of random peaky input with consistent token frames', () => {
    const frames = 100_000;
    const lp = randomLogProbs(frames, 29, 7, 40);
    const progress: number[] = [];
    const [best] = prefixBeamSearch(lp, {
      blankId: 28,
      beam: 8,
      tokenPruneLogProb: -10,
      onProgress: (done) => progress.push(done),
    });
    expect(best).toBeDefined();
    const tokens = best?.tokens ?? [];
    // The argmax is a non-blank token on about 28 of 29 frames; most of those start a new token.
    expect(tokens.length).toBeGreaterThan(frames / 2);
    let prevEnd = 0;
    for (const t of tokens) {
      expect(t.start).toBeGreaterThanOrEqual(prevEnd);
      expect(t.end).toBeGreaterThan(t.start);
      prevEnd = t.end;
    }
    expect(prevEnd).toBeLessThanOrEqual(frames);
    expect(progress.at(-1)).toBe(frames);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('stops with the abort reason when the signal is aborted', () => {
    const lp = randomLogProbs(2000, 5, 9);
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    let calls = 0;
    const run = () =>
      prefixBeamSearch(lp, {
        blankId: BLANK,
        signal: controller.signal,
        onProgress: () => {
          calls++;
          controller.abort(reason);
        },
      });
    expect(run).toThrow(reason);
    expect(calls).toBe(1);
    expect(run).toThrow(reason);
  });

  it('rejects bad options with a DecodeError', () => {
    const lp = logProbsFromFrames(TOKENS, ['a']);
    for (const beam of [0, 1.5, 5000]) {
      expect(() => prefixBeamSearch(lp, { blankId: BLANK, beam })).toThrow(
        expect.objectContaining({ name: 'DecodeError', code: 'invalid-option' }),
      );
    }
    expect(() => prefixBeamSearch(lp, { blankId: 9 })).toThrow(expect.objectContaining({ code: 'invalid-blank-id' }));
    expect(() => prefixBeamSearch(lp, { blankId: BLANK, tokenPruneLogProb: Number.NaN })).toThrow(/tokenPruneLogProb/);
  });
});
