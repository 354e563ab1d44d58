import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogisticCalibration, ModelBundle } from '../bundle/ModelBundle.ts';
import { estimateNgramModel } from '../lm/estimateNgramModel.ts';
import { createLanguageModelScorer } from '../lm/LanguageModelScorer.ts';
import type { AcousticModel } from '../model/AcousticModel.ts';
import { tinyCtcSignal } from '../../test/tinyCtcModel.ts';
import { loadAcousticModel } from '../node/loadAcousticModel.ts';
import { loadModelBundle } from '../node/loadModelBundle.ts';
import { fixturePath, readFixtures, readWav16, spellFrames, testBundleDir, writeTinyBundle } from '../../test/testFixtures.ts';
import { createVocabularyGraph } from './createVocabularyGraph.ts';
import { TranscribeError } from './TranscribeError.ts';
import { transcribeSamples } from './transcribeSamples.ts';
import { transcribeStream } from './transcribeStream.ts';

const TEXT = (
  'the quick brown fox jumps over the lazy dog while seven little llamas sleep soundly in the cool green meadow ' +
  'a committee of eleven reviewers balanced the accounts and called it a successful afternoon ' +
  "don't worry about the missing letters because the parrot keeps repeating every sentence it hears " +
  'programmers write ruby and python all week then swim across the bay on sunday mornings ' +
  'bookkeepers address mississippi occurrences with unnecessary attention to committees'
).split(' ');

function* blocksOf(x: Float32Array, size: number): Generator<Float32Array> {
  for (let i = 0; i < x.length; i += size) yield x.subarray(i, i + size);
}

// the tiny model's frames depend only on their own samples, so any seam error shows as a changed word
describe('long audio in windows: seams on a frame-local model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-tiny-'));
  let bundle: ModelBundle;
  let model: AcousticModel;
  let audio: Float32Array;
  let spans: [number, number][];

  beforeAll(async () => {
    const { frameSamples, vocab } = writeTinyBundle(dir);
    bundle = await loadModelBundle(dir);
    model = await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
    const spelled = spellFrames(TEXT);
    spans = spelled.spans;
    audio = tinyCtcSignal(spelled.frames, vocab, frameSamples);
  });
  afterAll(async () => {
    await model?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the test signal is long enough for many seams', () => {
    expect(audio.length / 16000).toBeGreaterThan(40);
    expect(audio.length / 16000).toBeLessThan(120);
  });

  for (const [windowSeconds, overlapSeconds] of [[8, 2], [8, 1], [5.3, 0.7], [3, 0.04], [120, 2]] as const) {
    it(`window ${windowSeconds} s, overlap ${overlapSeconds} s: every word once, at its frames`, async () => {
      const result = await transcribeSamples(audio, bundle, model, { windowSeconds, overlapSeconds });
      expect(result.words.map((w) => w.text)).toEqual(TEXT);
      result.words.forEach((w, i) => {
        expect(w.start).toBeCloseTo(spans[i]![0] * 0.04, 6);
        expect(w.end).toBeCloseTo(spans[i]![1] * 0.04, 6);
        expect(w.confidence).toBeGreaterThan(0.99);
      });
      expect(result.duration).toBe(audio.length / 16000);
      if (windowSeconds < 10) expect(result.timings.windows).toBeGreaterThan(5);
    });
  }

  it('gives the same words whatever the block sizes of the stream', async () => {
    const reference = await transcribeSamples(audio, bundle, model, { windowSeconds: 8, overlapSeconds: 1 });
    for (const size of [1000, 4999, 128_000, audio.length]) {
      const got = await transcribeStream(blocksOf(audio, size), bundle, model, { windowSeconds: 8, overlapSeconds: 1 });
      expect(got.words).toEqual(reference.words);
    }
    const asyncBlocks = (async function* () {
      yield* blocksOf(audio, 7777);
    })();
    expect((await transcribeStream(asyncBlocks, bundle, model, { windowSeconds: 8, overlapSeconds: 1 })).words).toEqual(reference.words);
  });

  it('beam search agrees with greedy on clean frames; a vocabulary shows display forms', async () => {
    const greedy = await transcribeSamples(audio, bundle, model, { windowSeconds: 8 });
    const beam = await transcribeSamples(audio, bundle, model, { windowSeconds: 8, decoder: 'beam', beam: 4 });
    expect(beam.words).toEqual(greedy.words);
    const vocabulary = [{ phrase: 'mississippi', displayAs: 'Mississippi' }, { phrase: 'lazy dog', displayAs: 'Lazy-Dog' }];
    const shown = await transcribeSamples(audio, bundle, model, { windowSeconds: 8, vocabulary });
    expect(shown.words.map((w) => w.text)).toContain('Mississippi');
    expect(shown.words.map((w) => w.text)).toContain('Lazy-Dog');
    expect(shown.words.length).toBe(TEXT.length - 1);
    const graph = createVocabularyGraph(bundle, vocabulary);
    expect((await transcribeSamples(audio, bundle, model, { windowSeconds: 8, vocabulary: graph })).words).toEqual(shown.words);
  });

  it('reports progress up to 1 and the audio length', async () => {
    const seen: [number | undefined, number][] = [];
    const duration = audio.length / 16000;
    await transcribeStream(blocksOf(audio, 16000), bundle, model, { windowSeconds: 8, durationSeconds: duration, onProgress: (f, s) => seen.push([f, s]) });
    expect(seen.length).toBeGreaterThan(5);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]![0]!).toBeGreaterThanOrEqual(seen[i - 1]![0]!);
      expect(seen[i]![1]).toBeGreaterThanOrEqual(seen[i - 1]![1]);
    }
    expect(seen.at(-1)).toEqual([1, duration]);
    const unknown: (number | undefined)[] = [];
    await transcribeStream(blocksOf(audio, 16000), bundle, model, { windowSeconds: 8, onProgress: (f) => unknown.push(f) });
    expect(unknown.slice(0, -1).every((f) => f === undefined)).toBe(true);
    expect(unknown.at(-1)).toBe(1);
  });

  it('stops at the next window when aborted, and closes the source', async () => {
    const ac = new AbortController();
    let closed = false;
    let pulled = 0;
    const source = (function* () {
      try {
        for (const b of blocksOf(audio, 16000)) {
          pulled++;
          yield b;
        }
      } finally {
        closed = true;
      }
    })();
    const run = transcribeStream(source, bundle, model, { windowSeconds: 8, onProgress: () => ac.abort() , signal: ac.signal });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(audio.length / 16000);
  });

  it('an already-aborted signal rejects before any work', async () => {
    const reason = new Error('stop');
    await expect(transcribeSamples(audio, bundle, model, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('returns no words for no audio and for silence', async () => {
    expect(await transcribeStream([], bundle, model)).toMatchObject({ words: [], duration: 0 });
    const silence = tinyCtcSignal(new Array(500).fill(CHAR_BLANK), 29, 640);
    expect((await transcribeSamples(silence, bundle, model, { windowSeconds: 8 })).words).toEqual([]);
  });

  it('rejects bad windows and unknown decoders with a TranscribeError', async () => {
    const bad = [{ windowSeconds: 3, overlapSeconds: 2 }, { windowSeconds: -1 }, { overlapSeconds: Number.NaN }, { decoder: 'viterbi' as 'beam' }];
    for (const options of bad) {
      await expect(transcribeSamples(audio, bundle, model, options)).rejects.toBeInstanceOf(TranscribeError);
    }
  });
});

const CHAR_BLANK = 28;

describe(`transcription with the bundle's model (${testBundleDir})`, () => {
  let bundle: ModelBundle;
  let model: AcousticModel;
  beforeAll(async () => {
    bundle = await loadModelBundle(testBundleDir);
    model = await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it("a short utterance in one window gives the recipe's greedy transcript", async () => {
    for (const u of readFixtures().utterances) {
      const { samples } = readWav16(fixturePath(u.wav));
      const { words, duration } = await transcribeSamples(samples, bundle, model);
      expect(words.map((w) => w.text).join(' ')).toBe(u.greedy);
      expect(duration).toBeCloseTo(u.samples / bundle.sampleRate, 9);
    }
  });

  it('a minute of concatenated utterances in 8 s windows gives ordered, non-overlapping words inside the audio', async () => {
    const utts = readFixtures().utterances.map((u) => readWav16(fixturePath(u.wav)).samples);
    const parts: Float32Array[] = [];
    for (let i = 0; i < 30; i++) parts.push(utts[i % utts.length]!, new Float32Array(Math.round(bundle.sampleRate * (0.3 + (i % 4) * 0.25))));
    const x = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((o, p) => (x.set(p, o), o + p.length), 0);
    const { words, duration, timings } = await transcribeSamples(x, bundle, model, { windowSeconds: 8, overlapSeconds: 2 });
    expect(timings.windows).toBe(Math.floor((x.length - 2 * bundle.sampleRate) / (4 * bundle.sampleRate)) + 1);
    expect(words.length).toBeGreaterThan(0);
    for (let i = 0; i < words.length; i++) {
      expect(words[i]!.end).toBeGreaterThan(words[i]!.start);
      if (i > 0) expect(words[i]!.start).toBeGreaterThanOrEqual(words[i - 1]!.end);
    }
    expect(words.at(-1)!.end).toBeLessThanOrEqual(duration + bundle.output.frameShiftSeconds);
  });

  it("with the LM, a logistic calibration scores each word from the decoding's own LM", async () => {
    const u = readFixtures().utterances[0]!;
    const { samples } = readWav16(fixturePath(u.wav));
    // an LM that knows every word of the greedy reading but the first: under this calibration a known word is right
    // with probability sigmoid(3), an unknown one almost never
    const known = u.greedy.split(' ').slice(1);
    const lm = estimateNgramModel([known.join(' ')], { order: 2 });
    const calibration: LogisticCalibration = { method: 'logistic', features: ['lmUnknown'], weights: [-40], bias: 3 };
    const logistic = { ...bundle, lm: { ...bundle.lm!, calibration } };
    const languageModel = createLanguageModelScorer(logistic, lm, { alpha: 0.5, beta: 1, unkPenalty: -4 });
    const { words } = await transcribeSamples(samples, logistic, model, { languageModel });
    expect(words.length).toBeGreaterThan(2);
    for (const w of words) expect(w.confidence).toBeCloseTo(lm.wordId(w.text) === lm.unkId ? 1 / (1 + Math.exp(37)) : 1 / (1 + Math.exp(-3)), 12);
    expect(words.some((w) => lm.wordId(w.text) !== lm.unkId)).toBe(true);
    // the same decoding under the Platt map reads the acoustics alone
    const platt = { ...bundle, lm: { ...bundle.lm!, calibration: { method: 'platt' as const, a: 1, b: 0 } } };
    const acoustic = await transcribeSamples(samples, platt, model, { languageModel });
    expect(acoustic.words.map((w) => w.text)).toEqual(words.map((w) => w.text));
    expect(new Set(acoustic.words.map((w) => w.confidence)).size).toBeGreaterThan(2);
  });
});
