import { describe, expect, it } from 'vitest';
import { applyDisplayAs } from './applyDisplayAs.ts';
import { createContextGraph } from './contextGraph.ts';
import { createTokenizer } from './createTokenizer.ts';
import { logProbsFromFrames } from './logProbsFromFrames.ts';
import { prefixBeamSearch } from './prefixBeamSearch.ts';
import type { Hypothesis } from './types.ts';
import type { VocabularyEntry } from './VocabularyEntry.ts';

const TOKENS = ['▁', ...'abcdefghijklmnopqrstuvwxyz', "'", '<blk>'];
const BLANK = 28;
const tokenize = createTokenizer(TOKENS, { blankId: BLANK, wordBoundaryId: 0 });
const graphOf = (entries: VocabularyEntry[]) =>
  createContextGraph(entries, { tokenize, vocabSize: TOKENS.length, blankId: BLANK, wordBoundaryId: 0 });
const text = (h: Hypothesis | undefined) => (h?.tokens ?? []).map((t) => TOKENS[t.id]).join('').replaceAll('▁', ' ');

// Each character takes a frame and a blank frame; `{ x: p, ... }` frames stand for uncertain characters.
type Frame = string | Record<string, number>;
function utterance(...parts: (string | Record<string, number>)[]) {
  const frames: Frame[] = [];
  for (const part of parts) {
    const chars: Frame[] = typeof part === 'string' ? [...part].map((ch) => (ch === ' ' ? '▁' : ch)) : [part];
    for (const ch of chars) frames.push(ch, '<blk>');
  }
  return logProbsFromFrames(TOKENS, frames);
}

const search = (lp: ReturnType<typeof utterance>, entries?: VocabularyEntry[]) =>
  prefixBeamSearch(lp, { blankId: BLANK, beam: 8, ...(entries ? { boosting: graphOf(entries) } : {}) });

describe('prefixBeamSearch with vocabulary boosting', () => {
  it('makes a phrase win that narrowly loses without it, without touching its acoustic score', () => {
    const lp = utterance('the ', { c: 0.45, k: 0.55 }, 'at sat');
    const plain = search(lp);
    expect(text(plain[0])).toBe('the kat sat');
    const plainCat = plain.find((h) => text(h) === 'the cat sat');
    expect(plainCat).toBeDefined();

    const [best] = search(lp, [{ phrase: 'cat' }]);
    expect(text(best)).toBe('the cat sat');
    expect(best?.boostScore).toBeCloseTo(6);
    expect(best?.score).toBe((best?.acousticScore ?? 0) + (best?.boostScore ?? 0));
    // Not bit-equal: the two beams kept different rivals, so slightly different alignments were summed.
    expect(best?.acousticScore).toBeCloseTo(plainCat?.acousticScore ?? 0, 2);
    expect(best?.tokens).toEqual(plainCat?.tokens);
  });

  it('gives no net bonus to a phrase the winner leaves half-way', () => {
    const lp = utterance('ca', { t: 0.55, r: 0.45 });
    const hyps = search(lp, [{ phrase: 'card' }]);
    expect(text(hyps[0])).toBe('cat');
    expect(hyps.some((h) => text(h) === 'car')).toBe(true);
    for (const h of hyps) {
      // Only a hypothesis that spells the whole word keeps a bonus.
      expect(h.boostScore).toBe(text(h) === 'card' ? 8 : 0);
      expect(h.score).toBe(h.acousticScore + h.boostScore);
    }
  });

  it('does not boost a phrase inside a longer word', () => {
    const lp = utterance({ c: 0.45, k: 0.55 }, 'ats');
    const [best] = search(lp, [{ phrase: 'cat' }]);
    expect(text(best)).toBe('kats');
    expect(best?.boostScore).toBe(0);
  });

  it('pays overlapping phrases, each occurrence once', () => {
    const lp = utterance('i love new york');
    const graph = graphOf([{ phrase: 'new york' }, { phrase: 'york' }]);
    const [best] = prefixBeamSearch(lp, { blankId: BLANK, boosting: graph });
    expect(text(best)).toBe('i love new york');
    expect(best?.boostScore).toBeCloseTo(16 + 8);
    expect(graph.matches((best?.tokens ?? []).map((t) => t.id)).map((m) => m.text)).toEqual(['new york']);
  });

  it('boosts a soundsLike spelling, which applyDisplayAs then shows as the phrase', () => {
    const lp = utterance('take met f', { o: 0.4, a: 0.6 }, 'rming daily');
    expect(text(search(lp)[0])).toBe('take met farming daily');
    const graph = graphOf([{ phrase: 'metformin', soundsLike: ['met forming'] }]);
    const [best] = prefixBeamSearch(lp, { blankId: BLANK, boosting: graph });
    expect(text(best)).toBe('take met forming daily');
    expect(applyDisplayAs(text(best).split(' '), graph).words).toEqual(['take', 'metformin', 'daily']);
  });

  it('leaves decoding alone when no phrase is spoken', () => {
    const lp = utterance('the ', { c: 0.45, k: 0.55 }, 'at sat');
    const [plain] = search(lp);
    const boosted = search(lp, [{ phrase: 'dog' }, { phrase: 'horse' }]);
    expect(text(boosted[0])).toBe(text(plain));
    expect(boosted[0]?.boostScore).toBe(0);
    expect(boosted[0]?.acousticScore).toBeCloseTo(plain?.acousticScore ?? 0, 2);
    for (const h of boosted) if (!/\b(dog|horse)\b/.test(text(h))) expect(h.boostScore).toBe(0);
  });

  it('refuses a graph built for another vocabulary', () => {
    const lp = logProbsFromFrames(['a', '<blk>'], ['a']);
    expect(() => prefixBeamSearch(lp, { blankId: 1, boosting: graphOf([{ phrase: 'a' }]) })).toThrow(
      /built for 29 tokens but the model emits 2/,
    );
  });
});
