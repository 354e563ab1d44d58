import { describe, expect, it } from 'vitest';
import { cleanDomainText } from './cleanDomainText.ts';
import { parseVocabularyJson } from './parseVocabularyJson.ts';
import { validateVocabularyEntries } from './validateVocabularyEntries.ts';

describe('validateVocabularyEntries', () => {
  it('accepts well-formed entries', () => {
    expect(validateVocabularyEntries([{ phrase: 'metformin' }, { phrase: 'p value', displayAs: 'p-value', soundsLike: ['pee value'], boost: 0 }, { phrase: 'x', boost: 20 }])).toEqual([]);
  });

  it('names each bad entry and field', () => {
    const problems = validateVocabularyEntries([
      { phrase: '' },
      { phrase: 'a'.repeat(201) },
      { phrase: 'ok', soundsLike: 'okay' },
      { phrase: 'ok', soundsLike: Array.from({ length: 33 }, () => 'x') },
      { phrase: 'ok', displayAs: 3 },
      { phrase: 'ok', boost: 21 },
      { phrase: 'ok', boost: -0.5 },
      { phrase: 'ok', boost: Number.NaN },
      'ok',
      { soundsLike: ['x'] },
    ]);
    expect(problems).toEqual([
      'entry 0 "": phrase must be a non-empty string',
      expect.stringMatching(/^entry 1 "a+": phrase has 201 characters, at most 200/),
      expect.stringMatching(/^entry 2 "ok": soundsLike must be an array/),
      expect.stringMatching(/^entry 3 "ok": soundsLike has 33 variants, at most 32/),
      'entry 4 "ok": displayAs must be a non-empty string',
      'entry 5 "ok": boost must be a number in [0, 20] (got 21)',
      'entry 6 "ok": boost must be a number in [0, 20] (got -0.5)',
      'entry 7 "ok": boost must be a number in [0, 20] (got NaN)',
      expect.stringMatching(/^entry 8: must be an object/),
      'entry 9: phrase must be a non-empty string',
    ]);
  });

  it('caps the entry count', () => {
    expect(validateVocabularyEntries({ phrase: 'x' })).toEqual([expect.stringMatching(/JSON array/)]);
    const many = Array.from({ length: 100_001 }, () => ({ phrase: 'x' }));
    expect(validateVocabularyEntries(many)).toEqual(['a vocabulary holds at most 100000 entries, this one has 100001']);
  });
});

describe('parseVocabularyJson', () => {
  it('keeps only the known fields of valid entries', () => {
    expect(parseVocabularyJson('\uFEFF[{"phrase":"rspec","displayAs":"RSpec","note":"x"}]')).toEqual({ ok: true, entries: [{ phrase: 'rspec', displayAs: 'RSpec' }] });
  });

  it('reports bad JSON and bad entries', () => {
    expect(parseVocabularyJson('[{')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^not valid JSON/)] });
    expect(parseVocabularyJson('[{"phrase":1}]')).toEqual({ ok: false, problems: ['entry 0: phrase must be a non-empty string'] });
  });
});

describe('cleanDomainText', () => {
  it('strips control characters except newline and tab', () => {
    expect(cleanDomainText('\uFEFFone\r\ntwo\tthree\u0000\u0007\u001B[31m\u007F\u0085 four\n')).toBe('one\ntwo\tthree[31m four\n');
  });
});
