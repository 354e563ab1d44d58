import { describe, expect, it } from 'vitest';
import { adaptLanguageModel } from './adaptLanguageModel.ts';
import { estimateNgramModel } from './estimateNgramModel.ts';
import { LanguageModelError } from './LanguageModelError.ts';
import { createLanguageModelScorer } from './LanguageModelScorer.ts';
import type { WordLanguageModel } from './WordLanguageModel.ts';

const TOKENS = ['▁', ...'abcdefghijklmnopqrstuvwxyz', "'", '<blk>'];
const BUNDLE = { tokens: TOKENS, blankId: 28, wordBoundary: '▁' };
const id = (ch: string) => TOKENS.indexOf(ch);
const W = { alpha: 0.5, beta: 1, unkPenalty: -2 };

describe('createLanguageModelScorer', () => {
  const lm = estimateNgramModel(['the cat sat', 'the cart', "don't stop"], { order: 2 });

  it('walks a prefix lexicon of the LM words in the model tokens', () => {
    const s = createLanguageModelScorer(BUNDLE, lm, W);
    const c = s.next(s.root, id('c'));
    const ca = s.next(c, id('a'));
    expect(c).toBeGreaterThan(0);
    expect(s.next(ca, id('x'))).toBe(-1);
    expect(s.next(-1, id('a'))).toBe(-1);
    let n = s.root;
    for (const ch of "don't") n = s.next(n, id(ch));
    expect(n).toBeGreaterThan(0);
  });

  it('spells the lexicon in upper case for a vocabulary of upper-case letters (wav2vec2 style)', () => {
    const upper = ['<pad>', '|', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "'"];
    const s = createLanguageModelScorer({ tokens: upper, blankId: 0, wordBoundary: '|' }, lm, W);
    let n = s.root;
    for (const ch of 'CAT') n = s.next(n, upper.indexOf(ch));
    expect(s.wordScore(lm.startState, n)).toBeCloseTo(0.5 * lm.score(lm.startState, lm.wordId('cat')) + 1, 9);
  });

  it('scores a completed word as alpha * ln p + beta, and an unknown spelling as <unk>', () => {
    const s = createLanguageModelScorer(BUNDLE, lm, W);
    let n = s.root;
    for (const ch of 'cat') n = s.next(n, id(ch));
    expect(s.wordScore(lm.startState, n)).toBeCloseTo(0.5 * lm.score(lm.startState, lm.wordId('cat')) + 1, 9);
    expect(s.wordScore(lm.startState, -1)).toBeCloseTo(0.5 * lm.score(lm.startState, lm.unkId) + 1, 9);
    // a known prefix that is no word ("ca") completes as <unk> too
    let ca = s.next(s.root, id('c'));
    ca = s.next(ca, id('a'));
    expect(s.wordScore(lm.startState, ca)).toBeCloseTo(0.5 * lm.score(lm.startState, lm.unkId) + 1, 9);
  });

  it('charges unkPenalty for every token of a spelling once it leaves the lexicon', () => {
    const s = createLanguageModelScorer(BUNDLE, lm, W);
    let n = s.root;
    for (const ch of 'ca') n = s.next(n, id(ch));
    const out = s.next(n, id('q'));
    expect(out).toBe(-1);
    expect(s.spellCost(n, out)).toBe(-2 * 3);
    expect(s.spellCost(-1, -1)).toBe(-2);
    expect(s.spellCost(s.root, s.next(s.root, id('c')))).toBe(0);
  });

  it('looks ahead with the best unigram a partial word can still become', () => {
    const s = createLanguageModelScorer(BUNDLE, lm, W);
    const c = s.next(s.root, id('c'));
    const best = Math.max(lm.unigramLogProb(lm.wordId('cat')), lm.unigramLogProb(lm.wordId('cart')));
    expect(s.lookahead(c)).toBeCloseTo(0.5 * best, 9);
    expect(s.lookahead(s.root)).toBe(0);
    expect(s.lookahead(-1)).toBe(0);
  });

  it('decodes with an adapted LM so that words the domain lacks keep their base score and the domain\'s gain', () => {
    const adapted = adaptLanguageModel(lm, { texts: ['the cart sat', 'the cart stops'] }, { weight: 0.25 });
    const base = createLanguageModelScorer(BUNDLE, lm, W);
    const s = createLanguageModelScorer(BUNDLE, adapted, W);
    const node = (sc: typeof s, word: string) => [...word].reduce((n, ch) => sc.next(n, id(ch)), sc.root);
    const after = (m: WordLanguageModel, word: string) => (m.score(m.startState, m.wordId(word)), m.nextState);
    // "don't" and "stop" are not in the domain text: the mixture alone gives them 0.75 of their base probability, an
    // insertion penalty of alpha * ln 0.75 per word; the scorer gives it back
    for (const [history, word] of [['', "don't"], ["don't", 'stop'], ['the', 'cat']] as const) {
      const hb = history ? after(lm, history) : lm.startState;
      const ha = history ? after(adapted, history) : adapted.startState;
      expect(s.wordScore(ha, node(s, word))).toBeGreaterThanOrEqual(base.wordScore(hb, node(base, word)) - 1e-9);
      expect(s.wordScore(ha, node(s, word))).toBeLessThan(base.wordScore(hb, node(base, word)) + 0.5 * Math.log(1 / 0.75) + 1e-9);
    }
    // the domain's phrasing gains: "cart" after "the", "stops" (a new word) after "cart"
    expect(s.wordScore(after(adapted, 'the'), node(s, 'cart'))).toBeGreaterThan(base.wordScore(after(lm, 'the'), node(base, 'cart')) + 0.05);
    expect(s.wordScore(after(adapted, 'cart'), node(s, 'stops'))).toBeGreaterThan(base.wordScore(after(lm, 'cart'), -1));
    // the look-ahead and the end of an utterance get the same bonus
    expect(s.lookahead(node(s, 'do'))).toBeGreaterThanOrEqual(base.lookahead(node(base, 'do')) - 1e-9);
    expect(s.endScore(after(adapted, 'stop'))).toBeGreaterThanOrEqual(base.endScore(after(lm, 'stop')) - 1e-9);
  });

  it('refuses an LM for another alphabet, a model without a boundary token, and bad weights', () => {
    const cyrillic = estimateNgramModel(['привет мир', 'мир труд май'], { order: 2 });
    expect(() => createLanguageModelScorer(BUNDLE, cyrillic, W)).toThrow(LanguageModelError);
    expect(() => createLanguageModelScorer(BUNDLE, cyrillic, W)).toThrow(/another alphabet/);
    expect(() => createLanguageModelScorer({ ...BUNDLE, wordBoundary: '|' }, lm, W)).toThrow(/word-boundary token/);
    expect(() => createLanguageModelScorer(BUNDLE, lm, { ...W, alpha: Number.NaN })).toThrow(/alpha/);
    expect(() => createLanguageModelScorer(BUNDLE, lm, { ...W, unkPenalty: 1 })).toThrow(/unkPenalty/);
  });

  it("reuses the base's lexicon for an adapted LM and scores exactly as a lexicon built from scratch", () => {
    const base = estimateNgramModel(['the cat sat on the mat', 'the cart stopped', 'a carton of milk', "don't stop"], { order: 2 });
    const adapted = adaptLanguageModel(base, { texts: ['the catheter and the cartilage', 'a cat scan'] }, { weight: 0.4 });
    expect(adapted.baseWords).toBe(base.words);
    // the same model behind a fresh word list: nothing cached, no base to extend
    const plain: WordLanguageModel = {
      words: [...adapted.words],
      unkId: adapted.unkId,
      eosId: adapted.eosId,
      startState: adapted.startState,
      wordBonus: adapted.wordBonus,
      wordId: (t) => adapted.wordId(t),
      score: (s, w) => adapted.score(s, w),
      unigramLogProb: (w) => adapted.unigramLogProb(w),
      get nextState() {
        return adapted.nextState;
      },
    };
    createLanguageModelScorer(BUNDLE, base, W);
    const a = createLanguageModelScorer(BUNDLE, adapted, W);
    const b = createLanguageModelScorer(BUNDLE, plain, W);
    expect(a.lexiconSize).toBe(b.lexiconSize);
    for (const word of [...adapted.words, 'carto', 'cathe', 'zzz']) {
      if (/^<.*>$/.test(word)) continue;
      let na = a.root;
      let nb = b.root;
      for (const ch of word) {
        const [pa, pb] = [na, nb];
        na = a.next(na, id(ch));
        nb = b.next(nb, id(ch));
        expect(na).toBe(nb);
        expect(a.spellCost(pa, na)).toBe(b.spellCost(pb, nb));
        expect(a.lookahead(na)).toBe(b.lookahead(nb));
      }
      expect(a.wordScore(adapted.startState, na)).toBe(b.wordScore(adapted.startState, nb));
    }
    // the base's scorer is untouched by the adapted one (its own lexicon, its own look-ahead)
    const again = createLanguageModelScorer(BUNDLE, base, W);
    let n = again.root;
    for (const ch of 'cath') n = again.next(n, id(ch));
    expect(n).toBe(-1);
  });
});
