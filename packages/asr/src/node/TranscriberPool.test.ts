import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioDecodeError } from '../audio/AudioDecodeError.ts';
import { ModelBundleError } from '../bundle/ModelBundleError.ts';
import { VocabularyError } from '../decode/VocabularyError.ts';
import { prepareDecoding } from '../transcribe/prepareDecoding.ts';
import { transcribeSamples } from '../transcribe/transcribeSamples.ts';
import { loadLanguageModel } from './loadLanguageModel.ts';
import { loadAcousticModel } from './loadAcousticModel.ts';
import { loadModelBundle } from './loadModelBundle.ts';
import { concatenatedFixtures, fixturePath, readFixtures, readWav16, testBundleDir, writeWav16 } from '../../test/testFixtures.ts';
import { TranscriberPool } from './TranscriberPool.ts';
import { TranscriberPoolError } from './TranscriberPoolError.ts';

describe(`TranscriberPool (${testBundleDir})`, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vwb-pool-'));
  const longWav = join(tmp, 'long.wav');
  const fixtures = readFixtures();
  let pool: TranscriberPool;

  beforeAll(() => {
    const { samples, sampleRate } = concatenatedFixtures(25); // about 100 s: several 30 s windows
    writeWav16(longWav, samples, sampleRate);
    pool = new TranscriberPool({ bundleDir: testBundleDir, workers: 2, threadsPerWorker: 1 });
  });
  afterAll(async () => {
    await pool?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('transcribes fixture files on its workers, queueing what does not fit, with the same words as in-thread', async () => {
    const bundle = await loadModelBundle(testBundleDir);
    const model = await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
    const paths = [...fixtures.utterances, ...fixtures.utterances].map((u) => fixturePath(u.wav));
    const jobs = paths.map((p) => pool.transcribeFile(p, { lm: 'off', punctuate: false }));
    expect(pool.queued).toBeGreaterThan(0);
    const results = await Promise.all(jobs);
    for (const [i, r] of results.entries()) {
      const u = fixtures.utterances[i % fixtures.utterances.length]!;
      const direct = await transcribeSamples(readWav16(fixturePath(u.wav)).samples, bundle, model);
      expect(r.words).toEqual(direct.words);
      expect(r.lm).toBe('off');
      expect(r.words.map((w) => w.text).join(' ')).toBe(u.greedy);
      expect(r.duration).toBeCloseTo(u.samples / bundle.sampleRate, 6);
      expect(r.model).toEqual({ id: bundle.id, version: bundle.version, sha256: bundle.modelHash });
      expect(r.wallSeconds).toBeGreaterThan(0);
    }
    await model.dispose();
  });

  it('reports progress and honours decoder options', async () => {
    const seen: (number | undefined)[] = [];
    const beam = await pool.transcribeFile(longWav, { decoder: 'beam', beam: 4, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(1);
    expect(beam.duration).toBeGreaterThan(90);
    expect(beam.timings.windows).toBeGreaterThan(2);
  });

  it('rejects an aborted job with an abort error and keeps working', async () => {
    const ac = new AbortController();
    const aborted = pool.transcribeFile(longWav, { signal: ac.signal, onProgress: () => ac.abort() });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    const pre = new AbortController();
    pre.abort();
    await expect(pool.transcribeFile(longWav, { signal: pre.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const u = fixtures.utterances[0]!;
    const after = await Promise.all([pool.transcribeFile(fixturePath(u.wav), { lm: 'off', punctuate: false }), pool.transcribeFile(fixturePath(u.wav), { lm: 'off', punctuate: false })]);
    for (const r of after) expect(r.words.map((w) => w.text).join(' ')).toBe(u.greedy);
    expect(pool.workerCount).toBe(2);
  });

  it("decodes with the bundle's LM by default, adapted to the job's domain text, as in-thread decoding does", async () => {
    const bundle = await loadModelBundle(testBundleDir);
    const model = await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
    const baseLm = (await loadLanguageModel(bundle))!;
    const u = fixtures.utterances[0]!;
    const samples = readWav16(fixturePath(u.wav)).samples;
    const byDefault = await pool.transcribeFile(fixturePath(u.wav), { punctuate: false });
    expect(byDefault.lm).toBe('adapted');
    const base = prepareDecoding(bundle, { lm: 'base', baseLm });
    expect(byDefault.words).toEqual((await transcribeSamples(samples, bundle, model, { languageModel: base.languageModel! })).words);
    const domainText = ['do not seek death', 'seek and ye shall find'];
    const adapted = await pool.transcribeFile(fixturePath(u.wav), { domainText, punctuate: false });
    const inThread = prepareDecoding(bundle, { lm: 'adapted', baseLm, domainText });
    expect(adapted.words).toEqual((await transcribeSamples(samples, bundle, model, { languageModel: inThread.languageModel! })).words);
    expect((await pool.transcribeFile(fixturePath(u.wav), { decoder: 'greedy' })).lm).toBe('off');
    await model.dispose();
  });

  it("hands back a job's own error as its class", async () => {
    const text = join(tmp, 'notes.wav');
    writeFileSync(text, 'these are meeting notes, not audio\n'.repeat(20));
    const err = await pool.transcribeFile(text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AudioDecodeError);
    expect((err as AudioDecodeError).code).toBe('unsupported-format');
    const vocab = await pool.transcribeFile(fixturePath(fixtures.utterances[0]!.wav), { vocabulary: [{ phrase: 'ok', boost: -1 }] }).catch((e: unknown) => e);
    expect(vocab).toBeInstanceOf(VocabularyError);
    expect((vocab as VocabularyError).problems[0]?.code).toBe('invalid-boost');
    await expect(pool.transcribeFile(join(tmp, 'missing.wav'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('dispose terminates every worker and rejects what is pending', async () => {
    const own = new TranscriberPool({ bundleDir: testBundleDir, workers: 2 });
    await own.ready();
    let started = false;
    const pending = own.transcribeFile(longWav, { onProgress: () => (started = true) });
    const rejected = expect(pending).rejects.toBeInstanceOf(TranscriberPoolError);
    while (!started) await new Promise((r) => setTimeout(r, 10)); // dispose while a model run is in flight
    await own.dispose();
    await rejected;
    expect(own.workerCount).toBe(0);
    await expect(own.transcribeFile(longWav)).rejects.toMatchObject({ code: 'disposed' });
  });
});

describe('TranscriberPool with a bad bundle', () => {
  it('rejects jobs and ready() with the bundle error', async () => {
    const pool = new TranscriberPool({ bundleDir: join(tmpdir(), 'no-such-bundle-here'), workers: 2 });
    try {
      const err = await pool.transcribeFile('x.wav').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelBundleError);
      expect((err as ModelBundleError).code).toBe('bundle-not-found');
      await expect(pool.ready()).rejects.toBeInstanceOf(ModelBundleError);
      await expect(pool.transcribeFile('x.wav')).rejects.toBeInstanceOf(ModelBundleError);
    } finally {
      await pool.dispose();
    }
    expect(pool.workerCount).toBe(0);
  });
});
