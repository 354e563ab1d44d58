import { describe, expect, it } from 'vitest';
import type { ModelBundle } from '../bundle/ModelBundle.ts';
import { VocabularyError } from '../decode/VocabularyError.ts';
import { estimateNgramModel } from '../lm/estimateNgramModel.ts';
import { InterpolatedLanguageModel } from '../lm/InterpolatedLanguageModel.ts';
import { prepareDecoding } from './prepareDecoding.ts';
import { TranscribeError } from './TranscribeError.ts';

const TOKENS = ['▁', ...'abcdefghijklmnopqrstuvwxyz', "'", '<blk>'];
const LM_CONFIG = { file: '/x/lm.bin', sha256: undefined, alpha: 0.7, beta: 0.5, unkPenalty: -4, beam: 24, adaptationWeight: 0.5, calibration: undefined };
const bundle = { id: 'test', version: '1', tokens: TOKENS, blankId: 28, wordBoundary: '▁', lm: LM_CONFIG } as unknown as ModelBundle;
const baseLm = estimateNgramModel(['the cat sat on the mat', 'a dog ran'], { order: 3 });
const vocabulary = [{ phrase: 'metformin', boost: 3 }, { phrase: 'active record', displayAs: 'ActiveRecord' }];

describe('prepareDecoding', () => {
  it('off: the vocabulary boosts as it always did, no LM', () => {
    const d = prepareDecoding(bundle, { lm: 'off', vocabulary });
    expect(d.mode).toBe('off');
    expect(d.languageModel).toBeUndefined();
    expect(d.vocabulary?.entries.map((e) => e.boost)).toEqual([3, undefined]);
  });

  it('base: the bundle LM, and the vocabulary still boosts (the base LM never saw it)', () => {
    const d = prepareDecoding(bundle, { lm: 'base', baseLm, vocabulary, domainText: ['ignored here'] });
    expect(d.languageModel?.lm).toBe(baseLm);
    expect(d.languageModel?.weights).toEqual({ alpha: 0.7, beta: 0.5, unkPenalty: -4 });
    expect(d.vocabulary?.entries.map((e) => e.boost)).toEqual([3, undefined]);
  });

  it('adapted: vocabulary and domain text shape the LM, and the graph only maps display forms (no double count)', () => {
    const d = prepareDecoding(bundle, { baseLm, vocabulary, domainText: ['the patient takes metformin'] });
    expect(d.mode).toBe('adapted');
    const lm = d.languageModel!.lm;
    expect(lm).toBeInstanceOf(InterpolatedLanguageModel);
    for (const w of ['metformin', 'active', 'record', 'patient']) expect(lm.wordId(w)).not.toBe(lm.unkId);
    expect(d.vocabulary?.entries.map((e) => e.boost)).toEqual([0, 0]);
    expect(d.vocabulary?.entries[1]?.displayAs).toBe('ActiveRecord');
  });

  it('refuses an LM the bundle does not have, and bad vocabulary entries even when they would only adapt the LM', () => {
    expect(() => prepareDecoding(bundle, { lm: 'base' })).toThrow(TranscribeError);
    expect(() => prepareDecoding({ ...bundle, lm: undefined } as ModelBundle, { lm: 'adapted', baseLm })).toThrow(/has none/);
    expect(() => prepareDecoding(bundle, { lm: 'sometimes' as never, baseLm })).toThrow(/lm must be/);
    expect(() => prepareDecoding(bundle, { baseLm, vocabulary: [{ phrase: 'ok', boost: -1 }] })).toThrow(VocabularyError);
  });
});
