import { describe, expect, it } from 'vitest';
import { cleanDomainText } from './cleanDomainText.ts';
import { parseVocabularyJson } from './parseVocabularyJson.ts';

describe('parseVocabularyJson', () => {
  it('returns plain copies of valid entries', () => {
    expect(parseVocabularyJson('\uFEFF[{"phrase":"rspec","displayAs":"RSpec"}]')).toEqual({ ok: true, entries: [{ phrase: 'rspec', displayAs: 'RSpec' }] });
  });

  it('reports bad JSON and bad entries', () => {
    expect(parseVocabularyJson('[{')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^not valid JSON/)] });
    expect(parseVocabularyJson('[{"phrase":1}]')).toEqual({ ok: false, problems: ['entry 0: phrase must be non-empty text, got 1'] });
    expect(parseVocabularyJson('[{"phrase":"rspec","note":"x"}]')).toEqual({ ok: false, problems: [expect.stringMatching(/^entry 0 "rspec": unknown field "note"/)] });
  });
});

describe('cleanDomainText', () => {
  it('strips control characters except newline and tab', () => {
    expect(cleanDomainText('\uFEFFone\r\ntwo\tthree\u0000\u0007\u001B[31m\u007F\u0085 four\n')).toBe('one\ntwo\tthree[31m four\n');
  });
});
