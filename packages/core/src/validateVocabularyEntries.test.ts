import { describe, expect, it } from 'vitest';
import { validateVocabularyEntries, vocabularyEntryProblems } from './validateVocabularyEntries.ts';

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
      { phrase: 'ok', sounds_like: ['x'] },
      { phrase: 'ok', soundsLike: ['fine', ' '] },
      { phrase: 'ok', displayAs: 'x'.repeat(201) },
    ]);
    expect(problems).toEqual([
      'entry 0 "": phrase must be non-empty text, got ""',
      expect.stringMatching(/^entry 1 "a+": phrase has 201 characters, at most 200/),
      'entry 2 "ok": soundsLike must be a list of texts, got "okay"',
      expect.stringMatching(/^entry 3 "ok": soundsLike has 33 spellings, at most 32/),
      'entry 4 "ok": displayAs must be non-empty text, got 3',
      'entry 5 "ok": boost must be a number in [0, 20], got 21',
      'entry 6 "ok": boost must be a number in [0, 20], got -0.5',
      'entry 7 "ok": boost must be a number in [0, 20], got NaN',
      expect.stringMatching(/^entry 8: an entry must be an object/),
      'entry 9: phrase must be non-empty text, got undefined',
      'entry 10 "ok": unknown field "sounds_like" (an entry has phrase, soundsLike, displayAs, boost)',
      'entry 11 "ok": soundsLike[1] must be non-empty text, got " "',
      'entry 12 "ok": displayAs has 201 characters, at most 200 are allowed',
    ]);
  });

  it('caps the entry count', () => {
    expect(validateVocabularyEntries({ phrase: 'x' })).toEqual([expect.stringMatching(/JSON array/)]);
    const many = Array.from({ length: 100_001 }, () => ({ phrase: 'x' }));
    expect(validateVocabularyEntries(many)).toEqual(['a vocabulary holds at most 100000 entries, this one has 100001']);
  });

  it('lists the first 50 problems and counts the rest', () => {
    const problems = validateVocabularyEntries(Array.from({ length: 60 }, () => ({ phrase: '' })));
    expect(problems).toHaveLength(51);
    expect(problems[50]).toBe('... and 10 more problems');
  });
});

describe('vocabularyEntryProblems', () => {
  it('gives each problem a code and the phrase', () => {
    expect(vocabularyEntryProblems([{ phrase: 'metformin', boost: 50 }, { phrase: 'fine' }, 7])).toEqual([
      { index: 0, phrase: 'metformin', code: 'invalid-boost', reason: 'boost must be a number in [0, 20], got 50' },
      { index: 2, phrase: '', code: 'not-an-object', reason: expect.stringMatching(/must be an object/) },
    ]);
  });
});
