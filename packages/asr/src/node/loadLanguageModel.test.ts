import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charErrorRate, wordErrorRate } from '@verbatim/core';
import type { ModelBundle } from '../bundle/ModelBundle.ts';
import { LanguageModelError } from '../lm/LanguageModelError.ts';
import type { AcousticModel } from '../model/AcousticModel.ts';
import { prepareDecoding } from '../transcribe/prepareDecoding.ts';
import { transcribeSamples } from '../transcribe/transcribeSamples.ts';
import { decodeAudioFile } from './audio/decodeAudioFile.ts';
import { loadAcousticModel } from './loadAcousticModel.ts';
import { loadLanguageModel } from './loadLanguageModel.ts';
import { loadModelBundle } from './loadModelBundle.ts';
import { EVERYDAY_SENTENCES, testBundleDir } from '../../test/testFixtures.ts';

// Everyday sentences spoken by espeak-ng: the bundled model's real acoustics, the bundled LM.
const SENTENCES = EVERYDAY_SENTENCES;

describe('the bundled word language model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vlm-'));
  let bundle: ModelBundle;
  let model: AcousticModel;
  const audio: Float32Array[] = [];

  beforeAll(async () => {
    bundle = await loadModelBundle(testBundleDir);
    model = await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
    for (const [i, s] of SENTENCES.entries()) {
      const wav = join(dir, `${i}.wav`);
      const r = spawnSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wav, s]);
      if (r.status !== 0) throw new Error(`espeak-ng failed: ${r.error?.message ?? r.stderr}`);
      audio.push(await decodeAudioFile(wav, { sampleRate: bundle.sampleRate }));
    }
  }, 120_000);
  afterAll(async () => {
    await model?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads, and decoding with it makes fewer word errors than greedy decoding on real speech', async () => {
    const lm = await loadLanguageModel(bundle);
    expect(lm).toBeDefined();
    expect(lm!.order).toBe(3);
    const { languageModel } = prepareDecoding(bundle, { lm: 'base', baseLm: lm! });
    const greedy: string[] = [];
    const withLm: string[] = [];
    for (const samples of audio) {
      greedy.push((await transcribeSamples(samples, bundle, model, { decoder: 'greedy' })).words.map((w) => w.text).join(' '));
      const r = await transcribeSamples(samples, bundle, model, { languageModel: languageModel! });
      for (const w of r.words) expect(w.confidence).toBeGreaterThanOrEqual(0), expect(w.confidence).toBeLessThanOrEqual(1);
      withLm.push(r.words.map((w) => w.text).join(' '));
    }
    const g = wordErrorRate(SENTENCES, greedy).rate;
    const l = wordErrorRate(SENTENCES, withLm).rate;
    expect(l, `greedy ${g}: ${greedy.join(' | ')}\nLM ${l}: ${withLm.join(' | ')}`).toBeLessThan(g * 0.85);
    expect(charErrorRate(SENTENCES, withLm).rate).toBeLessThan(charErrorRate(SENTENCES, greedy).rate);
  }, 120_000);

  it('adapted to domain text, gets that domain\'s words right where the base LM cannot', async () => {
    const lm = (await loadLanguageModel(bundle))!;
    const sentence = 'the patient takes metformin and lisinopril every morning';
    const wav = join(dir, 'domain.wav');
    expect(spawnSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wav, sentence]).status).toBe(0);
    const samples = await decodeAudioFile(wav, { sampleRate: bundle.sampleRate });
    const domainText = ['Metformin and lisinopril are taken once a day.', 'She takes metformin with food; lisinopril lowers blood pressure.'];
    const base = prepareDecoding(bundle, { lm: 'base', baseLm: lm });
    const adapted = prepareDecoding(bundle, { lm: 'adapted', baseLm: lm, domainText });
    const text = async (d: typeof base) => (await transcribeSamples(samples, bundle, model, { languageModel: d.languageModel! })).words.map((w) => w.text).join(' ');
    const b = await text(base);
    const a = await text(adapted);
    const errors = (h: string) => wordErrorRate([sentence], [h]).errors;
    expect(errors(a), `base: ${b}\nadapted: ${a}`).toBeLessThan(errors(b));
    expect(a).toMatch(/metformin|lisinopril/);
  }, 60_000);

  it('reports a damaged LM file clearly', async () => {
    const bytes = readFileSync(bundle.lm!.file);
    const bad = join(dir, 'lm.bin');
    writeFileSync(bad, bytes.subarray(0, bytes.length >> 1));
    await expect(loadLanguageModel({ lm: { ...bundle.lm!, file: bad } })).rejects.toThrow(LanguageModelError);
    await expect(loadLanguageModel({ lm: { ...bundle.lm!, file: bad } })).rejects.toThrow(/truncated/);
    await expect(loadLanguageModel({ lm: { ...bundle.lm!, file: join(dir, 'gone.bin') } })).rejects.toThrow(/cannot read/);
    expect(await loadLanguageModel({ lm: undefined })).toBeUndefined();
  });
});
