import { describe, expect, it } from 'vitest';
import { normalizeForScoring } from './normalizeForScoring.ts';

describe('normalizeForScoring', () => {
  it('lower-cases, strips punctuation and collapses whitespace', () => {
    expect(normalizeForScoring('  Hello,   World!\n\tHow are you?  ')).toBe('hello world how are you');
    expect(normalizeForScoring('state-of-the-art (really) — "yes"; ok…')).toBe('state of the art really yes ok');
  });

  it('keeps apostrophes inside words, typographic ones too, and drops quoting ones', () => {
    expect(normalizeForScoring("Don't DON’T l'homme 'quoted' rock 'n' roll")).toBe("don't don't l'homme quoted rock n roll");
  });

  it('keeps letters of every script and composes accents', () => {
    expect(normalizeForScoring('Grüße, ÉCOLE! 日本語。こんにちは、世界')).toBe('grüße école 日本語 こんにちは 世界');
    expect(normalizeForScoring('Cafe\u0301')).toBe('café');
  });

  it('gives an empty string for empty or punctuation-only text', () => {
    expect(normalizeForScoring('')).toBe('');
    expect(normalizeForScoring(' ?!… ')).toBe('');
  });
});
