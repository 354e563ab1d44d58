import { describe, expect, it } from 'vitest';
import type { PluginWord } from './PluginWord.ts';
import { validatePostProcessResult } from './validatePostProcessResult.ts';

const input: PluginWord[] = [
  { text: 'take', start: 0.1, end: 0.4, confidence: 0.9 },
  { text: 'five', start: 0.4, end: 0.8, confidence: 0.8 },
  { text: 'milligrams', start: 0.8, end: 1.2, confidence: 0.7 },
];
const good = () => ({
  words: [input[0]!, { text: '5 mg', start: 0.4, end: 1.2, confidence: 0.7 }],
  changes: [{ from: 1, fromEnd: 3, to: 1, toEnd: 2, before: 'five milligrams', after: '5 mg' }],
});

describe('validatePostProcessResult', () => {
  it('accepts a sound result and an unchanged one', () => {
    expect(validatePostProcessResult(input, good())).toEqual([]);
    expect(validatePostProcessResult(input, { words: input, changes: [] })).toEqual([]);
    expect(validatePostProcessResult([], { words: [], changes: [] })).toEqual([]);
  });

  it('refuses results that are not { words, changes } arrays', () => {
    expect(validatePostProcessResult(input, undefined)).toEqual([expect.stringMatching(/must be an object/)]);
    expect(validatePostProcessResult(input, input)).toEqual([expect.stringMatching(/result\.words must be an array/), expect.stringMatching(/result\.changes must be an array/)]);
    expect(validatePostProcessResult(input, { words: 'take', changes: [] })).toEqual([expect.stringMatching(/words must be an array, got string/)]);
  });

  it.each([
    ['non-string text', { text: 5, start: 0.4, end: 1.2, confidence: 0.7 }, /text must be a string/],
    ['empty text', { text: ' ', start: 0.4, end: 1.2, confidence: 0.7 }, /text is empty/],
    ['NaN start', { text: '5 mg', start: Number.NaN, end: 1.2, confidence: 0.7 }, /start must be a finite number/],
    ['negative start', { text: '5 mg', start: -1, end: 1.2, confidence: 0.7 }, /start must be a finite number >= 0/],
    ['end before start', { text: '5 mg', start: 0.4, end: 0.3, confidence: 0.7 }, /end must be a finite number >= start/],
    ['decreasing times', { text: '5 mg', start: 0, end: 0.2, confidence: 0.7 }, /before the previous word's start/],
    ['confidence above 1', { text: '5 mg', start: 0.4, end: 1.2, confidence: 1.5 }, /confidence must be a number in \[0, 1\]/],
    ['missing confidence', { text: '5 mg', start: 0.4, end: 1.2 }, /confidence/],
    ['non-string origin', { text: '5 mg', start: 0.4, end: 1.2, confidence: 0.7, origin: 1 }, /origin/],
    ['a number for a word', 42, /must be an object/],
  ])('reports %s', (_, word, pattern) => {
    const r = good() as { words: unknown[]; changes: unknown[] };
    r.words[1] = word;
    expect(validatePostProcessResult(input, r)).toEqual([expect.stringMatching(pattern)]);
  });

  it.each([
    ['out of range', { from: 1, fromEnd: 4, to: 1, toEnd: 2, before: 'x', after: 'y' }, /out of range of the 3 input words/],
    ['output out of range', { from: 1, fromEnd: 3, to: 1, toEnd: 3, before: 'x', after: 'y' }, /out of range of the 2 output words/],
    ['non-integer', { from: 1.5, fromEnd: 3, to: 1, toEnd: 2, before: 'x', after: 'y' }, /from must be an integer/],
    ['missing before', { from: 1, fromEnd: 3, to: 1, toEnd: 2, after: 'y' }, /before and after must be strings/],
    ['wrong before', { from: 1, fromEnd: 3, to: 1, toEnd: 2, before: 'five', after: '5 mg' }, /before is "five" but input words \[1, 3\) are "five milligrams"/],
    ['wrong after', { from: 1, fromEnd: 3, to: 1, toEnd: 2, before: 'five milligrams', after: '5mg' }, /after is "5mg"/],
  ])('reports a change %s', (_, change, pattern) => {
    const r = good() as { words: unknown[]; changes: unknown[] };
    r.changes[0] = change;
    expect(validatePostProcessResult(input, r)).toEqual([expect.stringMatching(pattern)]);
  });

  it('reports edits no change records, overlapping changes and no-op changes', () => {
    const silent = { words: [input[0]!, { ...input[1]!, text: 'FIVE' }, input[2]!], changes: [] };
    expect(validatePostProcessResult(input, silent)).toEqual([expect.stringMatching(/words\[1\] "FIVE" differs from input word 1 "five" but no change records it/)]);
    const unrecorded = { words: [input[0]!, input[1]!], changes: [] };
    expect(validatePostProcessResult(input, unrecorded)[0]).toMatch(/do not line up/);
    const retimed = { words: [{ ...input[0]!, end: 0.3 }, input[1]!, input[2]!], changes: [] };
    expect(validatePostProcessResult(input, retimed)[0]).toMatch(/differs from input word 0/);
    const r = good();
    r.changes.push({ ...r.changes[0]! });
    expect(validatePostProcessResult(input, r)).toEqual([expect.stringMatching(/changes\[1\] overlaps/)]);
    const noop = { words: input, changes: [{ from: 1, fromEnd: 2, to: 1, toEnd: 2, before: 'five', after: 'five' }] };
    expect(validatePostProcessResult(input, noop)).toEqual([expect.stringMatching(/changes nothing/)]);
  });

  it('lists at most 50 problems and counts the rest', () => {
    const words = Array.from({ length: 80 }, () => ({ text: '', start: 0, end: 0, confidence: 0 }));
    const problems = validatePostProcessResult([], { words, changes: [] });
    expect(problems).toHaveLength(51);
    expect(problems[50]).toBe('... and 30 more problems');
  });
});
