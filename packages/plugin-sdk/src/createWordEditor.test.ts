import { describe, expect, it } from 'vitest';
import { createWordEditor } from './createWordEditor.ts';
import type { PluginWord } from './PluginWord.ts';
import { validatePostProcessResult } from './validatePostProcessResult.ts';

const w = (text: string, start: number, end: number, confidence = 0.9): PluginWord => ({ text, start, end, confidence });
const words = [w('take', 0, 0.4), w('five', 0.4, 0.8, 0.7), w('milligrams', 0.8, 1.6, 0.5), w('daily', 1.6, 2)];

describe('createWordEditor', () => {
  it('merges a span into one word with its time and lowest confidence, recording the change', () => {
    const editor = createWordEditor(words);
    expect(editor.replace(1, 3, ['5 mg'])).toBe(true);
    const result = editor.result();
    expect(result.words).toEqual([words[0], { text: '5 mg', start: 0.4, end: 1.6, confidence: 0.5 }, words[3]]);
    expect(result.changes).toEqual([{ from: 1, fromEnd: 3, to: 1, toEnd: 2, before: 'five milligrams', after: '5 mg' }]);
    expect(validatePostProcessResult(words, result)).toEqual([]);
  });

  it('splits the replaced time evenly among new words', () => {
    const editor = createWordEditor(words);
    editor.replace(2, 3, ['milli', 'grams']);
    const out = editor.result().words;
    expect(out.slice(2, 4)).toEqual([
      { text: 'milli', start: 0.8, end: 1.2, confidence: 0.5 },
      { text: 'grams', start: 1.2, end: 1.6, confidence: 0.5 },
    ]);
  });

  it('takes edits in any order and reports them in word order, with output indices', () => {
    const editor = createWordEditor(words);
    editor.replace(3, 4, ['twice', 'daily']);
    editor.replace(0, 1, []);
    editor.replace(2, 2, ['extra']);
    const result = editor.result();
    expect(result.words.map((x) => x.text)).toEqual(['five', 'extra', 'milligrams', 'twice', 'daily']);
    expect(result.changes).toEqual([
      { from: 0, fromEnd: 1, to: 0, toEnd: 0, before: 'take', after: '' },
      { from: 2, fromEnd: 2, to: 1, toEnd: 2, before: '', after: 'extra' },
      { from: 3, fromEnd: 4, to: 3, toEnd: 5, before: 'daily', after: 'twice daily' },
    ]);
    // an insertion takes no time, where the previous word ends
    expect(result.words[1]).toMatchObject({ start: 0.8, end: 0.8, confidence: 0.5 });
    expect(validatePostProcessResult(words, result)).toEqual([]);
  });

  it('records nothing when the texts are unchanged, so running twice is idempotent', () => {
    const editor = createWordEditor(words);
    expect(editor.replace(1, 2, ['five'])).toBe(false);
    expect(editor.size).toBe(0);
    expect(editor.result()).toEqual({ words, changes: [] });
  });

  it('refuses overlapping edits, bad ranges and empty texts', () => {
    const editor = createWordEditor(words);
    editor.replace(1, 3, ['5 mg']);
    expect(editor.overlaps(2, 4)).toBe(true);
    expect(editor.overlaps(3, 4)).toBe(false);
    expect(() => editor.replace(2, 4, ['x'])).toThrow(/overlaps/);
    expect(() => editor.replace(2, 2, ['x'])).toThrow(/overlaps/);
    expect(() => editor.replace(3, 5, ['x'])).toThrow(RangeError);
    expect(() => editor.replace(-1, 0, ['x'])).toThrow(RangeError);
    expect(() => editor.replace(3, 4, [' '])).toThrow(/empty/);
    expect(editor.replace(3, 3, ['a'])).toBe(true); // right after the edit is fine
    expect(() => editor.replace(3, 3, ['b'])).toThrow(/overlaps/);
  });

  it('never modifies its input', () => {
    const copy = structuredClone(words);
    const editor = createWordEditor(words);
    editor.replace(0, 4, ['all']);
    const out = editor.result();
    out.words[0]!.text = 'changed';
    expect(words).toEqual(copy);
  });

  it('always produces results that validate, for random non-overlapping edits', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const n = 1 + rand(12);
      const input = Array.from({ length: n }, (_, i) => w(`w${i}`, i * 0.5, i * 0.5 + 0.4, (1 + rand(10)) / 10));
      const editor = createWordEditor(input);
      for (let k = 0; k < 6; k++) {
        const from = rand(n + 1);
        const fromEnd = from + rand(n + 1 - from);
        const texts = Array.from({ length: rand(3) }, (_, j) => `e${k}.${j}`);
        if (!editor.overlaps(from, fromEnd) && (texts.length > 0 || fromEnd > from)) editor.replace(from, fromEnd, texts);
      }
      const result = editor.result();
      expect(validatePostProcessResult(input, result), `round ${round}`).toEqual([]);
      expect(result.changes).toHaveLength(editor.size);
    }
  });
});
