import type { Segment, Word } from '@verbatim/core';
import type { TranscriptDocTurn, TranscriptDocWord } from '@verbatim/core/document';
import { describe, expect, it } from 'vitest';
import { carryHumanWords, type CarriedTurn } from './carryHumanWords.ts';

const w = (text: string, start: number, end: number, confidence = 0.8): Word => ({ text, start, end, confidence });
const doc = (word: Word, extra: Partial<TranscriptDocWord> = {}): TranscriptDocWord => ({ ...word, origin: 'asr', reviewed: false, ...extra });
const human = (word: Word, extra: Partial<TranscriptDocWord> = {}): TranscriptDocWord => doc({ ...word, confidence: 1 }, { origin: 'human', ...extra });
const segment = (words: Word[], speaker?: string): Segment => ({ start: words[0]?.start ?? 0, end: words.at(-1)?.end ?? 0, words, ...(speaker && { speaker }) });
const turn = (speaker: string, words: TranscriptDocWord[], start = words[0]?.start ?? 0): TranscriptDocTurn => ({ speaker, start, words });

// "the quik brown fox" as the recogniser first heard it, one word every 0.5 s
const ORIGINAL = [segment([w('the', 0, 0.3), w('quik', 0.5, 0.8), w('brown', 1, 1.3), w('fox', 1.5, 1.8)])];
const untouched = () => ORIGINAL[0]!.words.map((word) => doc(word));
// the new model hears it slightly differently, and with other times
const FRESH = [segment([w('a', 0.02, 0.28, 0.9), w('quack', 0.52, 0.79, 0.7), w('brawn', 1.01, 1.31, 0.6), w('fox', 1.49, 1.8, 0.95), w('jumps', 2, 2.4, 0.9)], 'Speaker 1')];

const texts = (turns: CarriedTurn[]) => turns.map((t) => t.words.map((word) => (word.carried ? `[${word.text}]` : word.text)).join(' '));

describe('carryHumanWords', () => {
  it('replaces every untouched machine word by the fresh ones', () => {
    const result = carryHumanWords([turn('Ada', untouched())], ORIGINAL, FRESH);
    expect(texts(result.turns)).toEqual(['a quack brawn fox jumps']);
    expect(result.turns[0]!.speaker).toBe('Ada');
    expect(result.turns[0]!.words[1]).toEqual({ text: 'quack', start: 0.52, end: 0.79, confidence: 0.7, origin: 'asr', carried: false });
    expect([result.carriedWords, result.carriedDeletions, result.replacedFreshWords]).toEqual([0, 0, 0]);
  });

  it('carries an edited word, replacing the fresh word at its time', () => {
    const current = untouched();
    current[1] = human(w('quick', 0.5, 0.8));
    const result = carryHumanWords([turn('Ada', current)], ORIGINAL, FRESH);
    expect(texts(result.turns)).toEqual(['a [quick] brawn fox jumps']);
    expect(result.turns[0]!.words[1]).toMatchObject({ text: 'quick', start: 0.5, end: 0.8, origin: 'human', carried: true });
    expect(result.replacedFreshWords).toBe(1);
  });

  it('counts a text that differs from the original as an edit even where the origin says otherwise, but not a plugin\'s word', () => {
    const edited = untouched();
    edited[2] = doc(w('Brown', 1, 1.3));
    expect(texts(carryHumanWords([turn('Ada', edited)], ORIGINAL, FRESH).turns)).toEqual(['a quack [Brown] fox jumps']);
    const plugin = untouched();
    plugin[2] = doc(w('Brown', 1, 1.3), { origin: 'plugin:casing' });
    expect(texts(carryHumanWords([turn('Ada', plugin)], ORIGINAL, FRESH).turns)).toEqual(['a quack brawn fox jumps']);
  });

  it('carries a reviewed word unchanged with its review mark', () => {
    const current = untouched();
    current[3] = doc(w('fox', 1.5, 1.8, 0.4), { reviewed: true, reviewedBy: 'u-1', reviewedAt: 1_700_000_000_000 });
    const result = carryHumanWords([turn('Ada', current)], ORIGINAL, FRESH);
    expect(texts(result.turns)).toEqual(['a quack brawn [fox] jumps']);
    expect(result.turns[0]!.words[3]).toEqual({ text: 'fox', start: 1.5, end: 1.8, confidence: 0.4, origin: 'asr', review: { by: 'u-1', at: 1_700_000_000_000 }, carried: true });
  });

  it('carries an inserted word at its time, between the fresh words around it', () => {
    const current = untouched();
    // typed between "quik" and "brown": it has the gap between them
    current.splice(2, 0, human(w('very', 0.8, 1)));
    const result = carryHumanWords([turn('Ada', current)], ORIGINAL, FRESH);
    expect(texts(result.turns)).toEqual(['a quack [very] brawn fox jumps']);
    expect(result.replacedFreshWords).toBe(0);
  });

  it('keeps a deleted word deleted: no fresh word comes back in its time', () => {
    const current = untouched();
    current.splice(1, 1);
    const result = carryHumanWords([turn('Ada', current)], ORIGINAL, FRESH);
    expect(texts(result.turns)).toEqual(['a brawn fox jumps']);
    expect([result.carriedWords, result.carriedDeletions, result.replacedFreshWords]).toEqual([0, 1, 1]);
  });

  it('lets one human stretch replace the several fresh words its span overlaps, and a merged word is not a deletion', () => {
    // "quik brown" merged and corrected into one word spanning both
    const current = [doc(ORIGINAL[0]!.words[0]!), human(w('quickbrown', 0.5, 1.3)), doc(ORIGINAL[0]!.words[3]!)];
    const result = carryHumanWords([turn('Ada', current)], ORIGINAL, FRESH);
    expect(texts(result.turns)).toEqual(['a [quickbrown] fox jumps']);
    expect([result.carriedWords, result.carriedDeletions, result.replacedFreshWords]).toEqual([1, 0, 2]);
  });

  it('joins consecutive human words into one stretch spanning them all', () => {
    const current = untouched();
    current[1] = human(w('quick', 0.5, 0.8));
    current[2] = doc(w('brown', 1, 1.3), { reviewed: true, reviewedBy: 'u-2', reviewedAt: 5 });
    // fresh output that put one long word over both
    const fresh = [segment([w('a', 0, 0.3), w('quickbrawn', 0.5, 1.3), w('fox', 1.5, 1.8)])];
    expect(texts(carryHumanWords([turn('Ada', current)], ORIGINAL, fresh).turns)).toEqual(['a [quick] [brown] fox']);
  });

  it('anchors a word without timing of its own (zero width) at its time and drops no fresh word', () => {
    const current = untouched();
    current.push(human(w('indeed', 1.8, 1.8)));
    const result = carryHumanWords([turn('Ada', current)], ORIGINAL, FRESH);
    expect(texts(result.turns)).toEqual(['a quack brawn fox [indeed] jumps']);
    expect(result.replacedFreshWords).toBe(0);
  });

  it('keeps the speakers and turns of the human version where the fresh words fall in them', () => {
    const words = untouched();
    const current = [turn('Ada', words.slice(0, 2)), turn('Bob', [human(w('Brown', 1, 1.3)), words[3]!])];
    const result = carryHumanWords(current, ORIGINAL, FRESH);
    expect(result.turns.map((t) => [t.speaker, t.start])).toEqual([['Ada', 0.02], ['Bob', 1]]);
    expect(texts(result.turns)).toEqual(['a quack', '[Brown] fox jumps']);
  });

  it('takes the fresh segments as turns when the current document has none', () => {
    const fresh = [segment([w('hello', 0, 0.5)], 'Speaker 2'), segment([w('there', 1, 1.5)])];
    const result = carryHumanWords([], [], fresh);
    expect(result.turns.map((t) => [t.speaker, texts([t])[0]])).toEqual([['Speaker 2', 'hello'], ['Speaker 1', 'there']]);
  });
});
