// Test-only helpers: where the model bundle under test lives and how to read its reference fixtures.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tinyCtcModel } from './tinyCtcModel.ts';

export interface FixtureUtterance {
  name: string;
  wav: string;
  text: string;
  voice: string;
  samples: number;
  features: { file: string; shape: [number, number] };
  logprobs: { file: string; shape: [number, number] };
  greedy: string;
}

export interface BundleFixtures {
  tolerance: { logprobs_max_abs: number; features_max_abs: number };
  utterances: FixtureUtterance[];
}

/** `VERBATIM_BUNDLE`, or the shipped bundle models/verbatim-en-char-v1 of this repository. */
export const testBundleDir: string = process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../models/verbatim-en-char-v1');

export function readFixtures(dir: string = testBundleDir): BundleFixtures {
  return JSON.parse(readFileSync(join(dir, 'fixtures', 'fixtures.json'), 'utf8')) as BundleFixtures;
}

export function fixturePath(name: string, dir: string = testBundleDir): string {
  return join(dir, 'fixtures', name);
}

/** A little-endian float32 file. */
export function readF32(path: string): Float32Array {
  const buf = readFileSync(path);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

/** A mono 16-bit PCM WAV as the recipe reads it (int16 / 32768); the fixtures are written that way. */
export function readWav16(path: string): { samples: Float32Array; sampleRate: number } {
  const buf = readFileSync(path);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path}: not a WAV file`);
  let sampleRate = 0;
  let bits = 0;
  let channels = 0;
  for (let pos = 12; pos + 8 <= buf.length;) {
    const id = buf.toString('ascii', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    if (id === 'fmt ') {
      channels = buf.readUInt16LE(pos + 10);
      sampleRate = buf.readUInt32LE(pos + 12);
      bits = buf.readUInt16LE(pos + 22);
    } else if (id === 'data') {
      if (bits !== 16 || channels !== 1) throw new Error(`${path}: test helper reads mono 16-bit PCM only`);
      const n = Math.floor(Math.min(size, buf.length - pos - 8) / 2);
      const samples = new Float32Array(n);
      for (let i = 0; i < n; i++) samples[i] = buf.readInt16LE(pos + 8 + 2 * i) / 32768;
      return { samples, sampleRate };
    }
    pos += 8 + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** The character vocabulary of the recipe's model: word boundary, a-z, apostrophe, blank last. */
export const CHAR_TOKENS: readonly string[] = ['▁', ...'abcdefghijklmnopqrstuvwxyz', "'", '<blk>'];

/**
 * Writes a bundle around {@link tinyCtcModel} (a waveform-input, logits-output graph) into `dir`: 16 kHz, 40 ms
 * frames, the character vocabulary, max-prob/mean confidence without calibration.
 */
export function writeTinyBundle(dir: string, overrides: Record<string, unknown> = {}): { frameSamples: number; vocab: number } {
  const frameSamples = 640;
  const vocab = CHAR_TOKENS.length;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), tinyCtcModel(vocab, frameSamples));
  writeFileSync(join(dir, 'model.json'), JSON.stringify({
    schema: 1,
    id: 'tiny-ctc',
    version: '0.0.1',
    file: 'model.onnx',
    sampleRate: 16000,
    input: { kind: 'waveform', name: 'input_values', normalize: 'none' },
    output: { kind: 'ctc-logits', name: 'logits', frameShiftSeconds: 0.04 },
    tokens: CHAR_TOKENS,
    blankId: vocab - 1,
    wordBoundary: '▁',
    confidence: { measure: 'max_prob', aggregation: 'mean' },
    ...overrides,
  }));
  return { frameSamples, vocab };
}

/**
 * One token per 40 ms frame spelling `words` the way a CTC model emits them: each letter held 1-3 frames, a blank
 * between doubled letters, a boundary and blanks between words. Returns the frames and each word's [start, end)
 * frames.
 */
export function spellFrames(words: readonly string[], seed = 1): { frames: number[]; spans: [number, number][] } {
  const blank = CHAR_TOKENS.length - 1;
  const frames: number[] = [blank, blank];
  const spans: [number, number][] = [];
  let s = seed;
  const rand = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  for (const word of words) {
    const start = frames.length;
    let prev = '';
    for (const ch of word) {
      if (ch === prev) frames.push(blank);
      const id = CHAR_TOKENS.indexOf(ch);
      for (let k = 0, n = 1 + rand(3); k < n; k++) frames.push(id);
      prev = ch;
    }
    spans.push([start, frames.length]);
    for (let k = 0, n = rand(3); k < n; k++) frames.push(blank);
    frames.push(0);
    for (let k = 0, n = rand(2) + (rand(8) === 0 ? 20 : 0); k < n; k++) frames.push(blank);
  }
  return { frames, spans };
}

/** Writes mono float samples as a 16-bit PCM WAV. */
export function writeWav16(path: string, samples: Float32Array, sampleRate: number): void {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32768))), 2 * i);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
}

/** The bundle's fixture utterances one after another with short silences, `repeats` times over. */
export function concatenatedFixtures(repeats: number, dir: string = testBundleDir): { samples: Float32Array; sampleRate: number } {
  const utts = readFixtures(dir).utterances.map((u) => readWav16(fixturePath(u.wav, dir)));
  const sampleRate = utts[0]!.sampleRate;
  const parts: Float32Array[] = [];
  for (let i = 0; i < repeats * utts.length; i++) {
    parts.push(utts[i % utts.length]!.samples, new Float32Array(Math.round(sampleRate * (0.3 + (i % 4) * 0.25))));
  }
  const samples = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((o, p) => (samples.set(p, o), o + p.length), 0);
  return { samples, sampleRate };
}

/** Everyday sentences for tests that have espeak-ng speak them: the bundled model's real acoustics, the bundled LM. */
export const EVERYDAY_SENTENCES: readonly string[] = [
  'the weather was very cold this morning',
  'she opened the door and walked into the kitchen',
  'we need to finish the report before friday',
  'the children were playing in the garden',
  'he said that the meeting would start at noon',
  'please send me the file when you are ready',
  'the train was late because of the snow',
  'my brother bought a new car last week',
  'they decided to stay at home for the evening',
  'it is important to read the instructions carefully',
];
