import { segmentWords, type Word } from '@verbatim/core';
import { describe, expect, it } from 'vitest';
import { conversation, random, type TestVoice } from './__fixtures__/syntheticVoices.ts';
import { DiarizationError } from './DiarizationError.ts';
import { SpeakerCollector } from './SpeakerCollector.ts';
import { statisticsEmbedder } from './statisticsEmbedder.ts';

const RATE = 16000;
const LOW: TestVoice = { pitch: 105, tract: 1 };
const HIGH: TestVoice = { pitch: 215, tract: 1.17 };
const MID: TestVoice = { pitch: 155, tract: 0.85 };

// The pipeline on voices made here without a TTS engine, with the untrained embedder weighted for them; the trained
// default is measured on synthetic conversations of real TTS voices in models/diarize.
function collect(audio: Float32Array, block = 4000): SpeakerCollector {
  const collector = new SpeakerCollector(RATE, { embedder: statisticsEmbedder({ threshold: 5 }) });
  for (let i = 0; i < audio.length; i += block) collector.push(audio.subarray(i, i + block));
  return collector;
}

/** Share of words whose speaker matches the truth under the best one-to-one mapping of labels (greedy is enough here). */
function accuracy(segments: { speaker?: string; words: Word[] }[], words: Word[], truth: number[]): number {
  const speakerOf = new Map<Word, string>();
  for (const s of segments) for (const w of s.words) speakerOf.set(w, s.speaker!);
  const pairs = new Map<string, number>();
  words.forEach((w, i) => pairs.set(`${speakerOf.get(w)}|${truth[i]}`, (pairs.get(`${speakerOf.get(w)}|${truth[i]}`) ?? 0) + 1));
  const used = new Set<string>();
  let right = 0;
  for (const [key, n] of [...pairs].sort((a, b) => b[1] - a[1])) {
    const [label, who] = key.split('|');
    if (used.has(`l${label}`) || used.has(`t${who}`)) continue;
    used.add(`l${label}`).add(`t${who}`);
    right += n;
  }
  return right / words.length;
}

describe('SpeakerCollector', () => {
  it('tells two voices apart and splits a segment at the change', () => {
    const turns = [[0, 6], [1, 5], [0, 4], [1, 7], [0, 5], [1, 3]] as const;
    const { audio, words, truth } = conversation([LOW, HIGH], turns, RATE);
    // one long segment over everything: the collector must split it
    const result = collect(audio).assign(segmentWords(words, { maxPause: 10, maxDuration: 1000, maxChars: 10000 }), 'auto');
    expect(result.speakers).toBe(2);
    expect(accuracy(result.segments, words, truth)).toBeGreaterThan(0.95);
    expect(result.segments.length).toBeGreaterThanOrEqual(turns.length);
    // the same word objects, in order, each once
    expect(result.segments.flatMap((s) => s.words)).toEqual(words);
    expect(result.segments.flatMap((s) => s.words).every((w, i) => w === words[i])).toBe(true);
    expect(result.segments[0]!.speaker).toBe('Speaker 1');
  });

  it('finds three voices, or the number asked for', () => {
    const { audio, words, truth } = conversation([LOW, HIGH, MID], [[0, 5], [1, 5], [2, 5], [0, 4], [2, 4], [1, 5], [2, 3]], RATE, 7);
    const collector = collect(audio, 1234);
    const auto = collector.assign(segmentWords(words), 'auto');
    expect(auto.speakers).toBe(3);
    expect(accuracy(auto.segments, words, truth)).toBeGreaterThan(0.9);
    const asked = collector.assign(segmentWords(words), 3);
    expect(asked.speakers).toBe(3);
    expect(asked.note).toBeUndefined();
  });

  it('invents no second speaker for one voice, even when more are asked for', () => {
    const { audio, words } = conversation([LOW], [[0, 8], [0, 6], [0, 9], [0, 5]], RATE, 3);
    const collector = collect(audio);
    const auto = collector.assign(segmentWords(words), 'auto');
    expect(auto.speakers).toBe(1);
    expect(new Set(auto.segments.map((s) => s.speaker))).toEqual(new Set(['Speaker 1']));
    const four = collector.assign(segmentWords(words), 4);
    expect(four.speakers).toBe(1);
    expect(four.note).toMatch(/Asked for 4 speakers; the audio holds 1 distinct voice\./);
  });

  it('learns no voice from words the recogniser was barely sure of (music or noise read as speech)', () => {
    const { audio, words } = conversation([LOW, HIGH], [[0, 6], [1, 6], [0, 6]], RATE, 13);
    const collector = collect(audio);
    expect(collector.assign(segmentWords(words), 'auto').speakers).toBe(2);
    const unsure = words.map((w) => ({ ...w, confidence: 0.05 }));
    const result = collector.assign(segmentWords(unsure), 3);
    expect(result.speakers).toBe(1);
    expect(result.note).toMatch(/no clear speech/);
  });

  it('returns no speakers for silence or noise without words', () => {
    const rnd = random(5);
    const noise = Float32Array.from({ length: RATE * 5 }, () => 0.1 * (rnd() - 0.5));
    const result = collect(noise).assign([], 'auto');
    expect(result).toEqual({ segments: [], speakers: 0, note: 'No speech: no speakers assigned.' });
    expect(collect(noise).assign([], 3).speakers).toBe(0);
  });

  it('refuses a number of speakers that is not a positive whole number', () => {
    const collector = collect(new Float32Array(RATE));
    for (const bad of [0, -2, 1.5, Number.NaN]) {
      expect(() => collector.assign([], bad)).toThrow(DiarizationError);
    }
    expect(() => collector.assign([], 0)).toThrow(/whole number of at least 1 \(got 0\)/);
  });

  it('gives the same result whatever the block sizes pushed', () => {
    const { audio, words } = conversation([LOW, HIGH], [[0, 4], [1, 4], [0, 4]], RATE, 11);
    const a = collect(audio, 160).assign(segmentWords(words), 'auto');
    const b = collect(audio, 48000).assign(segmentWords(words), 'auto');
    expect(a.segments.map((s) => [s.speaker, s.words.length])).toEqual(b.segments.map((s) => [s.speaker, s.words.length]));
  });

  it('keeps about 42 bytes per 20 ms of audio, not the audio', () => {
    const collector = new SpeakerCollector(RATE);
    const block = new Float32Array(RATE * 10);
    for (let i = 0; i < 60; i++) collector.push(block); // ten minutes
    expect(collector.seconds).toBeCloseTo(600, 0);
    expect(collector.bytes).toBeLessThan(1.4e6); // the audio itself is 38 MB as float32
  });
});
