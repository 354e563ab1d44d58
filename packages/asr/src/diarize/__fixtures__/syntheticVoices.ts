// Test audio without a TTS engine: "voices" made of a glottal pulse train (the speaker's pitch, with jitter and
// intonation) through three formant resonators (vowels scaled by the speaker's vocal-tract length), in word-sized
// bursts with pauses, so a test knows exactly who speaks when.
import type { Word } from '@verbatim/core';

export interface TestVoice {
  pitch: number;
  tract: number;
}

const VOWELS = [
  [730, 1090, 2440],
  [270, 2290, 3010],
  [530, 1840, 2480],
  [300, 870, 2240],
  [640, 1190, 2390],
  [490, 1350, 1690],
];

/** A seeded generator in [0, 1). */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples of `seconds` of `voice` speaking one word (vowel sequence), at `rate`. */
export function speak(voice: TestVoice, seconds: number, rate: number, rnd: () => number): Float32Array {
  const n = Math.round(seconds * rate);
  const out = new Float32Array(n);
  let phase = 0;
  const states = [0, 0, 0, 0, 0, 0];
  let vowel = VOWELS[Math.floor(rnd() * VOWELS.length)]!;
  const perVowel = Math.round(0.09 * rate);
  for (let i = 0; i < n; i++) {
    if (i % perVowel === 0) vowel = VOWELS[Math.floor(rnd() * VOWELS.length)]!;
    const f0 = voice.pitch * (1 + 0.08 * Math.sin((2 * Math.PI * i) / n) + 0.01 * (rnd() - 0.5));
    phase += f0 / rate;
    let x = 0;
    if (phase >= 1) {
      phase -= 1;
      x = 1;
    }
    x += 0.02 * (rnd() - 0.5);
    let y = 0;
    for (let k = 0; k < 3; k++) {
      const f = vowel[k]! * voice.tract;
      const bw = 80 + 40 * k;
      const r = Math.exp((-Math.PI * bw) / rate);
      const c = 2 * r * Math.cos((2 * Math.PI * f) / rate);
      const v = x + c * states[2 * k]! - r * r * states[2 * k + 1]!;
      states[2 * k + 1] = states[2 * k]!;
      states[2 * k] = v;
      y += v * (1 - r);
    }
    const envelope = Math.min(1, i / (0.02 * rate), (n - i) / (0.02 * rate));
    out[i] = 0.3 * y * envelope;
  }
  return out;
}

/** A conversation: turns of `[voiceIndex, words]`; returns the audio, the words (text = speaker index) and truth. */
export function conversation(voices: readonly TestVoice[], turns: readonly (readonly [number, number])[], rate: number, seed = 1): { audio: Float32Array; words: Word[]; truth: number[] } {
  const rnd = random(seed);
  const parts: Float32Array[] = [];
  const words: Word[] = [];
  const truth: number[] = [];
  let t = 0.3;
  parts.push(new Float32Array(Math.round(0.3 * rate)));
  for (const [speaker, count] of turns) {
    for (let k = 0; k < count; k++) {
      const seconds = 0.25 + rnd() * 0.35;
      const word = speak(voices[speaker]!, seconds, rate, rnd);
      const gap = 0.05 + rnd() * 0.1;
      parts.push(word, new Float32Array(Math.round(gap * rate)));
      words.push({ text: `w${speaker}`, start: t, end: t + word.length / rate, confidence: 0.9 });
      truth.push(speaker);
      t += (word.length + Math.round(gap * rate)) / rate;
    }
    const pause = 0.4 + rnd() * 0.4;
    parts.push(new Float32Array(Math.round(pause * rate)));
    t += Math.round(pause * rate) / rate;
  }
  const audio = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    audio.set(p, o);
    o += p.length;
  }
  for (let i = 0; i < audio.length; i++) audio[i]! += 0.0005 * (rnd() - 0.5);
  return { audio, words, truth };
}
