import { describe, expect, it } from 'vitest';
import { type ComparedTranscript, measureComparison } from './measureComparison.ts';

const words = (...pairs: Array<[string, number]>) => pairs.map(([text, confidence]) => ({ text, confidence }));

// Hand-aligned: "the quick [um] brown→brawn fox jumps [over]" is 1 insertion, 1 substitution, 1 deletion;
// "Active Record is great." → "active record is grape" one substitution. Wrong words: um, brawn, grape.
const SET: ComparedTranscript[] = [
  {
    reference: 'The quick brown fox jumps over',
    words: words(['the', 0.95], ['quick', 0.85], ['um', 0.15], ['brawn', 0.55], ['fox', 0.58], ['jumps', 0.9]),
    audioSeconds: 3,
    processingSeconds: 0.6,
  },
  {
    reference: 'Active Record is great.',
    words: words(['active', 0.7], ['record', 0.62], ['is', 0.99], ['grape', 0.92]),
    audioSeconds: 2,
    processingSeconds: 0.4,
  },
];

const TERMS = [['active record', 'ActiveRecord'], ['brown'], ['fox']];

describe('measureComparison', () => {
  it('measures WER/CER with S/D/I, term recall, ECE, flag precision/recall and RTF as computed by hand', () => {
    const figures = measureComparison(SET, { terms: TERMS, flagThreshold: 0.6, calibrated: true });
    expect(figures.referenceWords).toBe(10);
    expect([figures.substitutions, figures.deletions, figures.insertions]).toEqual([2, 1, 1]);
    expect(figures.wer).toBeCloseTo(4 / 10, 12);
    // characters: insert "um " (3), o→a (1), delete " over" (5); great→grape (3); 30 + 22 reference characters
    expect(figures.cer).toBeCloseTo(12 / 52, 12);
    // occurrences: brown (substituted), fox (matched), active record (both words matched)
    expect(figures.terms).toBe(3);
    expect(figures.termRecall).toBeCloseTo(2 / 3, 12);
    // bins: [.1,.2) um✗ .15 | [.5,.6) brawn✗ .55, fox✓ .58 | [.6,.7) record✓ | [.7,.8) active✓ | [.8,.9) quick✓ |
    // [.9,1] the✓ .95, jumps✓ .9, is✓ .99, grape✗ .92 → (.15 + .13 + .38 + .3 + .15 + .76) / 10
    expect(figures.ece).toBeCloseTo(0.187, 12);
    // flagged below 0.6: um✗, brawn✗, fox✓; wrong: um, brawn, grape
    expect(figures.flagPrecision).toBeCloseTo(2 / 3, 12);
    expect(figures.flagRecall).toBeCloseTo(2 / 3, 12);
    expect(figures.flagThreshold).toBe(0.6);
    expect(figures.realTimeFactor).toBeCloseTo(1 / 5, 12);
  });

  it('leaves ECE out for an uncalibrated model and RTF out for words whose time was not measured', () => {
    const stored = SET.map((t) => ({ ...t, processingSeconds: null }));
    const figures = measureComparison(stored, { terms: TERMS, flagThreshold: 0.6, calibrated: false });
    expect(figures.ece).toBeNull();
    expect(figures.realTimeFactor).toBeNull();
    expect(figures.wer).toBeCloseTo(0.4, 12);
  });

  it('moves flags with the threshold', () => {
    const figures = measureComparison(SET, { terms: [], flagThreshold: 0.95, calibrated: true });
    // flagged: every word below .95 (not the at .95, not is at .99): 8, of them um, brawn and grape wrong
    expect(figures.flagPrecision).toBeCloseTo(3 / 8, 12);
    expect(figures.flagRecall).toBe(1);
    expect(figures.termRecall).toBeNull();
    expect(figures.terms).toBe(0);
    expect(measureComparison(SET, { terms: [], flagThreshold: 0, calibrated: true }).flagPrecision).toBeNull();
  });

  it('scores a word by all of its normalised tokens and leaves bare punctuation out of the word measures', () => {
    const figures = measureComparison(
      [{ reference: 'send an e-mail now', words: words(['send', 0.9], ['an', 0.9], ['e-mail', 0.4], ['—', 0.1], ['now', 0.9]), audioSeconds: 1, processingSeconds: 0.1 }],
      { terms: [['e-mail']], flagThreshold: 0.5, calibrated: true },
    );
    expect(figures.wer).toBe(0);
    expect(figures.termRecall).toBe(1);
    // "e-mail" is correct but flagged; "—" is not a word: nothing wrong, one wrong-free flag
    expect(figures.flagPrecision).toBe(0);
    expect(figures.flagRecall).toBeNull();
    // bins: [.4,.5) one correct word at .4 → .6; [.9,1] three at .9 → .3 ; over 4 words
    expect(figures.ece).toBeCloseTo((0.6 + 0.3) / 4, 12);
  });

  it('counts the longest term at a place once, occurrences not overlapping, and a term missed by one word as missed', () => {
    const figures = measureComparison(
      [{ reference: 'new york new york city', words: words(['new', 0.9], ['york', 0.9], ['new', 0.9], ['work', 0.9], ['city', 0.9]), audioSeconds: 1, processingSeconds: null }],
      { terms: [['new york'], ['new york city'], ['york']], flagThreshold: 0.5, calibrated: true },
    );
    // "new york" (recalled), then "new york city" (york substituted): 2 occurrences, 1 recalled
    expect(figures.terms).toBe(2);
    expect(figures.termRecall).toBe(0.5);
  });

  it('answers nulls for an empty set', () => {
    const figures = measureComparison([], { terms: TERMS, flagThreshold: 0.6, calibrated: true });
    expect(figures).toMatchObject({ referenceWords: 0, wer: null, cer: null, termRecall: null, ece: null, flagPrecision: null, flagRecall: null, realTimeFactor: null });
  });
});
