import type { ModelBundle } from '../src/bundle/ModelBundle.ts';
import type { AcousticModel } from '../src/model/AcousticModel.ts';
import { decodeAudioFile } from '../src/node/audio/decodeAudioFile.ts';
import { loadLanguageModel } from '../src/node/loadLanguageModel.ts';
import { prepareDecoding } from '../src/transcribe/prepareDecoding.ts';
import { transcribeSamples } from '../src/transcribe/transcribeSamples.ts';
import { median } from './median.ts';

/** Whole transcription (features, model, search, words) with the bundle's LM against greedy, same audio, same session. */
export interface LanguageModelFigures {
  audioSeconds: number;
  runs: number;
  beam: number;
  greedyMs: number;
  lmMs: number;
  /** lmMs / greedyMs (target <= 3). */
  ratio: number;
  /** lmMs / 1000 / audioSeconds (target <= 0.02). */
  rtf: number;
  /** The search alone (words included), median ms: greedy vs beam + LM. */
  greedySearchMs: number;
  lmSearchMs: number;
  /** Reading the LM file once per worker, ms. */
  loadMs: number;
  /** prepareDecoding for a job: base, and adapted to `domainLines` sentences of domain text, ms. */
  prepareBaseMs: number;
  prepareAdaptedMs: number;
  domainLines: number;
}

export async function benchLanguageModel(file: string, bundle: ModelBundle, model: AcousticModel, domainText: string[], runs: number): Promise<LanguageModelFigures> {
  if (!bundle.lm) throw new Error(`bundle ${bundle.id} has no language model`);
  const samples = await decodeAudioFile(file, { sampleRate: bundle.sampleRate });
  let t0 = performance.now();
  const baseLm = (await loadLanguageModel(bundle))!;
  const loadMs = performance.now() - t0;
  t0 = performance.now();
  const { languageModel } = prepareDecoding(bundle, { lm: 'base', baseLm });
  const prepareBaseMs = performance.now() - t0;
  t0 = performance.now();
  prepareDecoding(bundle, { lm: 'adapted', baseLm, domainText });
  const prepareAdaptedMs = performance.now() - t0;
  const greedy: number[] = [];
  const lm: number[] = [];
  const greedySearch: number[] = [];
  const lmSearch: number[] = [];
  for (let r = 0; r < runs; r++) {
    const g = await transcribeSamples(samples, bundle, model, { decoder: 'greedy' });
    greedy.push(g.timings.totalMs);
    greedySearch.push(g.timings.decodeMs);
    const l = await transcribeSamples(samples, bundle, model, { languageModel: languageModel! });
    lm.push(l.timings.totalMs);
    lmSearch.push(l.timings.decodeMs);
  }
  const greedyMs = median(greedy);
  const lmMs = median(lm);
  const audioSeconds = samples.length / bundle.sampleRate;
  return {
    audioSeconds,
    runs,
    beam: bundle.lm.beam,
    greedyMs,
    lmMs,
    ratio: lmMs / greedyMs,
    rtf: lmMs / 1000 / audioSeconds,
    greedySearchMs: median(greedySearch),
    lmSearchMs: median(lmSearch),
    loadMs,
    prepareBaseMs,
    prepareAdaptedMs,
    domainLines: domainText.length,
  };
}
