// Which sounds-like forms are too common to be one, judged by the bundled model's word LM and by the fallback list.
import { resolve } from 'node:path';
import type { NgramModel } from '@verbatim/asr';
import { loadLanguageModel, loadModelBundle } from '@verbatim/asr/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { commonSoundsLike, createVocabularyChecker } from './checkVocabulary.ts';
import { COMMON_PHRASE_PROBABILITY, commonPhrasesFromLanguageModel, commonPhrasesFromWordList } from './commonPhrases.ts';

const BUNDLE = process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1');

let lm: NgramModel;

beforeAll(async () => {
  lm = (await loadLanguageModel(await loadModelBundle(BUNDLE)))!;
});

describe('commonPhrasesFromLanguageModel', () => {
  it('finds everyday words and phrases common, and misheard fragments and unknown words not', () => {
    const common = commonPhrasesFromLanguageModel(lm);
    for (const phrase of ['at', 'At', 'the', 'at the', 'real', 'nine', 'so']) expect(common.frequency(phrase), phrase).toMatchObject({ common: true });
    for (const phrase of ['met forming', 'cardio gram', 'real firea tion', 'so loft', 'tion', 'atrial', 'zoloft', '']) {
      expect(common.frequency(phrase).common, phrase).toBe(false);
    }
    const at = common.frequency('at').probability!;
    expect(at).toBeGreaterThan(1e-3);
    // a phrase is its words in sequence: rarer than its first word alone
    expect(common.frequency('at the').probability!).toBeLessThan(at);
    expect(common.frequency('met forming').probability!).toBeLessThan(COMMON_PHRASE_PROBABILITY);
  });
});

describe('commonPhrasesFromWordList', () => {
  it('finds a phrase of common English words common, and nothing else', () => {
    const common = commonPhrasesFromWordList();
    expect(common.frequency('at').common).toBe(true);
    expect(common.frequency('At The').common).toBe(true);
    expect(common.frequency('at rial').common).toBe(false);
    expect(common.frequency('clinic').common).toBe(false);
  });
});

describe('the vocabulary checker of the bundled model', () => {
  it('refuses a common sounds-like form, naming it, and takes a misheard fragment', async () => {
    const checker = createVocabularyChecker(BUNDLE);
    const result = await checker.check([{ phrase: 'atrial', soundsLike: ['at', 'atriel'] }, { phrase: 'metformin', soundsLike: ['met forming'] }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { index: 0, phrase: 'atrial', code: 'common-sounds-like', soundsLike: 'at', reason: expect.stringMatching(/"at" is too common.*every "at" in later transcripts would read "atrial"/) },
    ]);
    expect(result.message).toMatch(/1 vocabulary entry is invalid/);
    expect(await checker.check([{ phrase: 'atrial', soundsLike: ['atriel'] }, { phrase: 'metformin', soundsLike: ['met forming'] }])).toEqual({ ok: true });
  });

  it('reports common forms beside the problems the decoder finds', () => {
    const problems = commonSoundsLike([{ phrase: 'x', soundsLike: ['ok'] }, { phrase: 'y' }, { phrase: 'z', soundsLike: ['the', 'zed'] }], commonPhrasesFromWordList());
    expect(problems.map((p) => [p.index, p.soundsLike])).toEqual([[0, 'ok'], [2, 'the']]);
  });
});
