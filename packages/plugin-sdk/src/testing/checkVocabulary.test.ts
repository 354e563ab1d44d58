import { describe, expect, it } from 'vitest';
import { checkVocabulary } from './checkVocabulary.ts';

describe('checkVocabulary (bundled model)', () => {
  it('accepts entries the character model can spell', async () => {
    expect(await checkVocabulary([{ phrase: 'metformin', soundsLike: ['met forming'] }, { phrase: 'covid nineteen', displayAs: 'COVID-19' }, { phrase: "o'brien" }])).toEqual({ ok: true, problems: [] });
  });

  it('names entries with characters the model cannot emit and bad fields', async () => {
    const check = await checkVocabulary([{ phrase: 'ok' }, { phrase: 'COVID-19' }, { phrase: 'fine', soundsLike: ['fine 2'] }]);
    expect(check.ok).toBe(false);
    expect(check.problems).toHaveLength(2);
    expect(check.problems[0]).toMatch(/^entry 1 "COVID-19": /);
    expect(check.problems[1]).toMatch(/^entry 2 "fine": /);
    expect(await checkVocabulary([{ phrase: 'ok', boost: 50 }])).toEqual({ ok: false, problems: ['entry 0 "ok": boost must be a number in [0, 20], got 50'] });
  });

  it('fails clearly for a directory that is no model bundle', async () => {
    await expect(checkVocabulary([{ phrase: 'ok' }], '/nonexistent-model-dir')).rejects.toMatchObject({ name: 'ModelBundleError' });
  });
});
