import { alternate, ratioSpread, type Spread, spreadOf } from '../../../tests/bench/alternatingRuns.ts';
import type { ModelBundle } from '../src/bundle/ModelBundle.ts';
import type { AcousticModel } from '../src/model/AcousticModel.ts';
import { decodeAudioFile } from '../src/node/audio/decodeAudioFile.ts';
import type { WordLanguageModel } from '../src/lm/WordLanguageModel.ts';
import { loadLanguageModel } from '../src/node/loadLanguageModel.ts';
import { prepareDecoding } from '../src/transcribe/prepareDecoding.ts';
import { transcribeSamples } from '../src/transcribe/transcribeSamples.ts';

/** Whole transcription (features, model, search, words) with the bundle's LM against greedy, same audio, same session. */
export interface LanguageModelFigures {
  audioSeconds: number;
  runs: number;
  beam: number;
  /** Whole transcription, ms, over runs that alternate which decoder goes first. */
  greedyMs: Spread;
  lmMs: Spread;
  /** beam + LM / greedy of each run (target <= 3). */
  ratio: Spread;
  /** lmMs / 1000 / audioSeconds (target <= 0.02). */
  rtf: Spread;
  /** The search alone (words included), ms: greedy vs beam + LM. */
  greedySearchMs: Spread;
  lmSearchMs: Spread;
  /** Reading the LM file once per worker, ms. */
  loadMs: number;
  /** prepareDecoding for a job: base, and adapted to `domainLines` sentences of domain text, ms. */
  prepareBaseMs: number;
  prepareAdaptedMs: number;
  domainLines: number;
  /**
   * prepareDecoding adapted to the domain text again (what a live session's start or a job costs once the worker has
   * decoded with this LM): the prefix lexicon of the LM's words built afresh (`coldMs`, how every call went before the
   * lexicon was kept) against reused from the first call (`cachedMs`), alternating.
   */
  prepareAgain: { coldMs: Spread; cachedMs: Spread; ratio: Spread };
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
  // the same LM behind a fresh copy of its word list: nothing is found cached, so the lexicon is spelled afresh
  const coldLm = (): WordLanguageModel => ({
    words: [...baseLm.words],
    unkId: baseLm.unkId,
    eosId: baseLm.eosId,
    startState: baseLm.startState,
    wordId: (text) => baseLm.wordId(text),
    score: (state, word) => baseLm.score(state, word),
    unigramLogProb: (word) => baseLm.unigramLogProb(word),
    get nextState() {
      return baseLm.nextState;
    },
  });
  const again = await alternate(runs, {
    cold: async () => timed(() => prepareDecoding(bundle, { lm: 'adapted', baseLm: coldLm(), domainText })),
    cached: async () => timed(() => prepareDecoding(bundle, { lm: 'adapted', baseLm, domainText })),
  });
  const { results } = await alternate(runs, {
    greedy: async () => (await transcribeSamples(samples, bundle, model, { decoder: 'greedy' })).timings,
    lm: async () => (await transcribeSamples(samples, bundle, model, { languageModel: languageModel! })).timings,
  });
  const greedy = results.greedy.map((t) => t.totalMs);
  const lm = results.lm.map((t) => t.totalMs);
  const audioSeconds = samples.length / bundle.sampleRate;
  return {
    audioSeconds,
    runs,
    beam: bundle.lm.beam,
    greedyMs: spreadOf(greedy),
    lmMs: spreadOf(lm),
    ratio: ratioSpread(lm, greedy),
    rtf: spreadOf(lm.map((ms) => ms / 1000 / audioSeconds)),
    greedySearchMs: spreadOf(results.greedy.map((t) => t.decodeMs)),
    lmSearchMs: spreadOf(results.lm.map((t) => t.decodeMs)),
    loadMs,
    prepareBaseMs,
    prepareAdaptedMs,
    domainLines: domainText.length,
    prepareAgain: { coldMs: spreadOf(again.results.cold), cachedMs: spreadOf(again.results.cached), ratio: ratioSpread(again.results.cached, again.results.cold) },
  };
}

function timed(run: () => unknown): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}
