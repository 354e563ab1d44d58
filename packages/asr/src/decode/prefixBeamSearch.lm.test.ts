import { describe, expect, it } from 'vitest';
import { estimateNgramModel } from '../lm/estimateNgramModel.ts';
import { createLanguageModelScorer, type LanguageModelWeights } from '../lm/LanguageModelScorer.ts';
import { logProbsFromFrames } from './logProbsFromFrames.ts';
import { prefixBeamSearch } from './prefixBeamSearch.ts';
import type { Hypothesis } from './types.ts';

const TOKENS = ['▁', ...'abcdefghijklmnopqrstuvwxyz', "'", '<blk>'];
const BLANK = 28;
const BUNDLE = { tokens: TOKENS, blankId: BLANK, wordBoundary: '▁' };
const text = (h: Hypothesis | undefined) => (h?.tokens ?? []).map((t) => TOKENS[t.id]).join('').replaceAll('▁', ' ').trim();

type Frame = string | Record<string, number>;
function utterance(...parts: (string | Record<string, number>)[]) {
  const frames: Frame[] = [];
  for (const part of parts) {
    const chars: Frame[] = typeof part === 'string' ? [...part].map((ch) => (ch === ' ' ? '▁' : ch)) : [part];
    for (const ch of chars) frames.push(ch, '<blk>');
  }
  return logProbsFromFrames(TOKENS, frames);
}

const LM = estimateNgramModel(['the cat sat on the mat', 'a cat sat', 'the dog sat on a mat', 'the cat ran', 'on the mat sat the dog'], { order: 3 });
const WEIGHTS: LanguageModelWeights = { alpha: 1, beta: 1, unkPenalty: -2 };
const scorer = (w: Partial<LanguageModelWeights> = {}) => createLanguageModelScorer(BUNDLE, LM, { ...WEIGHTS, ...w });
const search = (lp: ReturnType<typeof utterance>, lm = true) =>
  prefixBeamSearch(lp, { blankId: BLANK, beam: 16, ...(lm ? { lm: scorer() } : {}) });

describe('prefixBeamSearch with a word language model', () => {
  it('prefers the spelling of a known word over an acoustically slightly better unknown one', () => {
    const lp = utterance('the ', { c: 0.45, k: 0.55 }, 'at sat');
    expect(text(search(lp, false)[0])).toBe('the kat sat');
    const [best] = search(lp);
    expect(text(best)).toBe('the cat sat');
    // the LM changes which labelling wins, not how its acoustic score is computed (the beams keep slightly different
    // alignments, so the sums agree to about 1e-3)
    const acoustic = search(lp, false).find((h) => text(h) === 'the cat sat');
    expect(best!.acousticScore).toBeCloseTo(acoustic!.acousticScore, 2);
    expect(best!.score).toBeCloseTo(best!.acousticScore + best!.lmScore, 9);
    expect(best!.lmScore).toBeLessThan(0);
  });

  it('reports lmScore as the weighted sum over the words plus the end of sentence', () => {
    const [best] = search(utterance('the cat sat'));
    const s = scorer();
    let state = s.startState;
    let total = 0;
    for (const w of ['the', 'cat', 'sat']) {
      total += WEIGHTS.alpha * LM.score(state, LM.wordId(w)) + WEIGHTS.beta;
      state = LM.nextState;
    }
    total += WEIGHTS.alpha * LM.score(state, LM.eosId);
    expect(best!.lmScore).toBeCloseTo(total, 5);
  });

  it('still writes an unknown word the acoustics are sure of', () => {
    expect(text(search(utterance('the zebra sat'))[0])).toBe('the zebra sat');
  });

  it('does not glue words into one unknown word to save their LM cost', () => {
    // the word boundaries are only fairly likely; gluing "the cat sat" into "thecatsat" would skip two LM costs
    const soft = { '▁': 0.6, '<blk>': 0.4 };
    const lp = utterance('the', soft, 'cat', soft, 'sat');
    expect(text(search(lp)[0])).toBe('the cat sat');
  });

  it('checks the scorer against the model', () => {
    const lp = utterance('the cat');
    const other = createLanguageModelScorer({ tokens: [...TOKENS.slice(0, 28), 'x', '<blk>'], blankId: 29, wordBoundary: '▁' }, LM, WEIGHTS);
    expect(() => prefixBeamSearch({ ...lp }, { blankId: BLANK, lm: { ...other, wordBoundaryId: 40 } as never })).toThrow(/word boundary/);
  });
});
