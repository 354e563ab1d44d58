import { describe, expect, it } from 'vitest';
import { createPhraseRewriter } from './createPhraseRewriter.ts';
import { wordsFromText } from './testing/wordsFromText.ts';
import { validatePostProcessResult } from './validatePostProcessResult.ts';

const texts = (r: { words: { text: string }[] }) => r.words.map((w) => w.text).join(' ');

describe('createPhraseRewriter', () => {
  const rewrite = createPhraseRewriter([
    { say: 'active record', write: 'ActiveRecord' },
    { say: 'ruby on rails', write: 'Ruby on Rails' },
    { say: 'rails', write: 'Rails', notAfter: ['off the'] },
    { say: 'in depth', write: 'in-depth', before: ['interview', 'interviews'] },
    { say: 'vitamin b twelve', write: 'vitamin B12' },
  ]);

  it('merges a phrase into one word over the span it replaces', () => {
    const words = wordsFromText('we use active record here', { step: 0.5 });
    const r = rewrite(words);
    expect(texts(r)).toBe('we use ActiveRecord here');
    expect(r.words[2]).toMatchObject({ start: 1, end: 2 });
    expect(r.changes).toEqual([{ from: 2, fromEnd: 4, to: 2, toEnd: 3, before: 'active record', after: 'ActiveRecord' }]);
    expect(validatePostProcessResult(words, r)).toEqual([]);
  });

  it('replaces word by word when the counts agree, keeping each word its own time', () => {
    const r = rewrite(wordsFromText('RUBY ON RAILS'));
    expect(texts(r)).toBe('Ruby on Rails');
    expect(r.changes.map((c) => [c.from, c.before, c.after])).toEqual([[0, 'RUBY', 'Ruby'], [1, 'ON', 'on'], [2, 'RAILS', 'Rails']]);
    expect(r.words.map((w) => [w.start, w.end])).toEqual([[0, 0.4], [0.4, 0.8], [0.8, 1.2]]);
  });

  it('keeps the words the written form shares with the spoken one', () => {
    const r = rewrite(wordsFromText('vitamin b twelve level'));
    expect(texts(r)).toBe('vitamin B12 level');
    expect(r.changes).toEqual([{ from: 1, fromEnd: 3, to: 1, toEnd: 2, before: 'b twelve', after: 'B12' }]);
  });

  it('prefers the longest phrase and honours notAfter and before, case-insensitively', () => {
    expect(texts(rewrite(wordsFromText('ruby on rails and rails')))).toBe('Ruby on Rails and Rails');
    expect(texts(rewrite(wordsFromText('it went off the rails')))).toBe('it went off the rails');
    expect(texts(rewrite(wordsFromText('it went Off The rails')))).toBe('it went Off The rails');
    expect(texts(rewrite(wordsFromText('in depth interviews in depth')))).toBe('in-depth interviews in depth');
    expect(texts(rewrite(wordsFromText('in depth Interviews')))).toBe('in-depth Interviews');
    const upper = createPhraseRewriter([{ say: 'rails', write: 'Rails', notAfter: ['Off The'] }, { say: 'in depth', write: 'in-depth', before: ['Interview'] }]);
    expect(texts(upper(wordsFromText('off the rails in depth interview')))).toBe('off the rails in-depth interview');
  });

  it('is idempotent and leaves text without its phrases alone', () => {
    const once = rewrite(wordsFromText('active record on ruby on rails'));
    expect(rewrite(once.words).changes).toEqual([]);
    const plain = wordsFromText('nothing to see here at all');
    expect(rewrite(plain)).toEqual({ words: plain, changes: [] });
  });

  it('refuses malformed or duplicate rules, and rules that would add words on every run', () => {
    expect(() => createPhraseRewriter([{ say: 'Rails', write: 'Rails' }])).toThrow(/lower-case/);
    expect(() => createPhraseRewriter([{ say: 'x', write: '' }])).toThrow(/non-empty/);
    expect(() => createPhraseRewriter([{ say: ' ', write: 'X' }])).toThrow(/lower-case/);
    expect(() => createPhraseRewriter([{ say: 'x', write: 'X' }, { say: 'x', write: 'Y' }])).toThrow(/two phrase rules/);
    expect(() => createPhraseRewriter([{ say: 'p value', write: 'p value test' }])).toThrow(/only adds words/);
    expect(() => createPhraseRewriter([{ say: 'scan', write: 'PET Scan' }])).toThrow(/only adds words/);
    expect(() => createPhraseRewriter([{ say: 'pet scan', write: 'PET scan' }, { say: 'x ray', write: 'X-ray' }])).not.toThrow();
  });

  it('stops at once when the call is aborted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => rewrite(wordsFromText('rails'), { language: 'en', signal: controller.signal })).toThrow();
  });
});
