import type { ModelBundle } from '../src/bundle/ModelBundle.ts';
import { prefixBeamSearch, type PrefixBeamSearchOptions } from '../src/decode/prefixBeamSearch.ts';
import type { LogProbs } from '../src/decode/types.ts';
import type { VocabularyEntry } from '../src/decode/VocabularyEntry.ts';
import { createVocabularyGraph } from '../src/transcribe/createVocabularyGraph.ts';
import { median } from './median.ts';

/** Beam search on the real model's log-probs with and without a vocabulary, medians over interleaved runs. */
export interface BeamFigures {
  frames: number;
  beam: number;
  phrases: number;
  runs: number;
  /** Building the boosting graph once (not part of either search), ms. */
  graphMs: number;
  plainMs: number;
  boostedMs: number;
  /** boostedMs / plainMs (target <= 1.5). */
  ratio: number;
  /** Tokens in the best hypothesis of each search (they differ when boosting changed the words). */
  plainTokens: number;
  boostedTokens: number;
}

/**
 * Times `prefixBeamSearch` as the pipeline calls it (beam 8, no token pruning) on `lp`, plain and with the boosting
 * graph of `entries`.
 */
export function benchBeam(lp: LogProbs, bundle: ModelBundle, entries: readonly VocabularyEntry[], runs: number): BeamFigures {
  let t0 = performance.now();
  const graph = createVocabularyGraph(bundle, entries);
  const graphMs = performance.now() - t0;
  const base: PrefixBeamSearchOptions = { blankId: bundle.blankId, beam: 8 };
  const boosted: PrefixBeamSearchOptions = { ...base, boosting: graph };
  let plainTokens = prefixBeamSearch(lp, base)[0]?.tokens.length ?? 0;
  let boostedTokens = prefixBeamSearch(lp, boosted)[0]?.tokens.length ?? 0;
  const plainMs: number[] = [];
  const boostedMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    t0 = performance.now();
    plainTokens = prefixBeamSearch(lp, base)[0]?.tokens.length ?? 0;
    plainMs.push(performance.now() - t0);
    t0 = performance.now();
    boostedTokens = prefixBeamSearch(lp, boosted)[0]?.tokens.length ?? 0;
    boostedMs.push(performance.now() - t0);
  }
  const plain = median(plainMs);
  const boost = median(boostedMs);
  return { frames: lp.frames, beam: 8, phrases: entries.length, runs, graphMs, plainMs: plain, boostedMs: boost, ratio: boost / plain, plainTokens, boostedTokens };
}
