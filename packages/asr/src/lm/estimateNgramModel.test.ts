import { describe, expect, it } from 'vitest';
import { seededRandom } from '../decode/seededRandom.ts';
import { estimateNgramModel } from './estimateNgramModel.ts';
import { LanguageModelError } from './LanguageModelError.ts';
import type { NgramModel } from './NgramModel.ts';

/** Sentences from a small random grammar, so every order has repeated and singleton n-grams. */
function corpus(n: number, seed = 1): string[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const subj = ['the cat', 'a dog', 'the nurse', 'my sister', 'the patient', 'a rails developer'];
  const verb = ['sat on', 'looked at', 'took', 'wrote', 'ran past', 'fixed'];
  const obj = ['the mat', 'a bug', 'five milligrams', 'the test suite', 'the dog', 'her notes'];
  return Array.from({ length: n }, () => `${pick(subj)} ${pick(verb)} ${pick(obj)}${rand() < 0.3 ? ` ${pick(['today', 'again', 'quickly'])}` : ''}`);
}

/** Sum of p(w | history) over the whole vocabulary (but <s>) from a state. */
function mass(lm: NgramModel, state: number): number {
  let sum = 0;
  lm.words.forEach((w, id) => {
    if (w !== '<s>') sum += Math.exp(lm.score(state, id));
  });
  return sum;
}

/** Every history state reachable by the sentences. */
function states(lm: NgramModel, sentences: string[]): Set<number> {
  const out = new Set<number>([lm.startState]);
  for (const s of sentences) {
    let st = lm.startState;
    for (const w of s.split(' ')) {
      lm.score(st, lm.wordId(w));
      st = lm.nextState;
      out.add(st);
    }
  }
  return out;
}

describe('estimateNgramModel', () => {
  it('every history predicts a proper distribution (sums to one), pruned or not', () => {
    const text = corpus(400);
    for (const minCounts of [[1, 1, 1], [1, 2, 3], [1, 1, 2, 2]]) {
      const lm = estimateNgramModel(text, { order: minCounts.length, minCounts });
      for (const st of states(lm, text.slice(0, 50))) expect(mass(lm, st)).toBeCloseTo(1, 4);
    }
  });

  it('prefers seen continuations and still gives unseen words and <unk> some probability', () => {
    const lm = estimateNgramModel(corpus(400), { order: 3 });
    const seen = lm.sentenceLogProb('the cat sat on the mat'.split(' '));
    const shuffled = lm.sentenceLogProb('mat the on sat cat the'.split(' '));
    expect(seen).toBeGreaterThan(shuffled + 10);
    expect(lm.wordId('zebra')).toBe(lm.unkId);
    expect(Number.isFinite(lm.sentenceLogProb(['zebra']))).toBe(true);
  });

  it('a higher order lowers held-out perplexity on text with long-range structure', () => {
    const text = corpus(2000, 7);
    const held = corpus(200, 99);
    const ppl = (order: number) => {
      const lm = estimateNgramModel(text, { order });
      let lp = 0;
      let n = 0;
      for (const s of held) {
        lp += lm.sentenceLogProb(s.split(' '));
        n += s.split(' ').length + 1;
      }
      return Math.exp(-lp / n);
    };
    expect(ppl(2)).toBeLessThan(ppl(1));
    expect(ppl(3)).toBeLessThan(ppl(2));
  });

  it('count cut-offs shrink the model; minWordCount and maxWords cap the vocabulary', () => {
    const text = corpus(400);
    const full = estimateNgramModel(text, { order: 3 });
    const pruned = estimateNgramModel(text, { order: 3, minCounts: [1, 2, 4] });
    expect(pruned.counts[2]).toBeLessThan(full.counts[2] as number);
    expect(pruned.counts[0]).toBe(full.counts[0]);
    const capped = estimateNgramModel([...text, 'once upon a time'], { order: 2, minWordCount: 2 });
    expect(capped.wordId('upon')).toBe(capped.unkId);
    expect(estimateNgramModel(text, { maxWords: 5 }).words).toHaveLength(8);
  });

  it('matches hand-computed interpolated Kneser-Ney on a tiny corpus', () => {
    // bigram model of "a b" x2 and "a c": continuation counts (distinct words before) of unigrams: a 1 (<s>), b 1 (a),
    // c 1 (a), </s> 2 (b, c)
    const lm = estimateNgramModel(['a b', 'a b', 'a c'], { order: 2 });
    // with fewer than four distinct count values the discounts fall back to 0.5 / 1 / 1.5
    // unigrams: total 5; gamma = (0.5*3 + 1*1)/5 = 0.5; uniform over 5 words (a, b, c, </s>, <unk>)
    const pb = (1 - 0.5) / 5 + 0.5 / 5;
    const pc = pb;
    // bigram history "a": b 2, c 1 -> total 3; gamma = (0.5*1 + 1*1)/3 = 0.5
    const a = lm.startState;
    lm.score(a, lm.wordId('a'));
    const afterA = lm.nextState;
    expect(Math.exp(lm.score(afterA, lm.wordId('b')))).toBeCloseTo((2 - 1) / 3 + 0.5 * pb, 6);
    expect(Math.exp(lm.score(afterA, lm.wordId('c')))).toBeCloseTo((1 - 0.5) / 3 + 0.5 * pc, 6);
  });

  it('rejects empty text and bad options', () => {
    expect(() => estimateNgramModel(['', '   '])).toThrow(LanguageModelError);
    expect(() => estimateNgramModel(['a b'], { order: 0 })).toThrow(/order/);
    expect(() => estimateNgramModel(['a b'], { minCounts: [0] })).toThrow(/minCounts/);
  });

  it('stops when aborted', () => {
    const ctl = new AbortController();
    ctl.abort(new Error('stop'));
    expect(() => estimateNgramModel(corpus(5000), { signal: ctl.signal })).toThrow('stop');
  });
});
