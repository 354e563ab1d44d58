import { alternate, ratioSpread, type Spread, spreadOf } from '../../../tests/bench/alternatingRuns.ts';
import type { ModelBundle } from '../src/bundle/ModelBundle.ts';
import { prefixBeamSearch, type PrefixBeamSearchOptions } from '../src/decode/prefixBeamSearch.ts';
import type { LogProbs } from '../src/decode/types.ts';
import type { VocabularyEntry } from '../src/decode/VocabularyEntry.ts';
import { createVocabularyGraph } from '../src/transcribe/createVocabularyGraph.ts';

/** Beam search on the real model's log-probs with and without a vocabulary: min / median / max over runs whose order alternates. */
export interface BeamFigures {
  frames: number;
  beam: number;
  phrases: number;
  runs: number;
  /** Building the boosting graph once (not part of either search), ms. */
  graphMs: number;
  plainMs: Spread;
  boostedMs: Spread;
  /** boosted / plain of each run (target <= 1.5). */
  ratio: Spread;
  /** Tokens in the best hypothesis of each search (they differ when boosting changed the words). */
  plainTokens: number;
  boostedTokens: number;
}

/**
 * Times `prefixBeamSearch` as the pipeline calls it (beam 8, no token pruning) on `lp`, plain and with the boosting
 * graph of `entries`, `runs` times each, plain first in one run and boosted first in the next.
 */
export async function benchBeam(lp: LogProbs, bundle: ModelBundle, entries: readonly VocabularyEntry[], runs: number): Promise<BeamFigures> {
  let t0 = performance.now();
  const graph = createVocabularyGraph(bundle, entries);
  const graphMs = performance.now() - t0;
  const base: PrefixBeamSearchOptions = { blankId: bundle.blankId, beam: 8 };
  const boosted: PrefixBeamSearchOptions = { ...base, boosting: graph };
  let plainTokens = prefixBeamSearch(lp, base)[0]?.tokens.length ?? 0;
  let boostedTokens = prefixBeamSearch(lp, boosted)[0]?.tokens.length ?? 0;
  const { results } = await alternate(runs, {
    plain: () => {
      const t = performance.now();
      plainTokens = prefixBeamSearch(lp, base)[0]?.tokens.length ?? 0;
      return performance.now() - t;
    },
    boosted: () => {
      const t = performance.now();
      boostedTokens = prefixBeamSearch(lp, boosted)[0]?.tokens.length ?? 0;
      return performance.now() - t;
    },
  });
  return {
    frames: lp.frames,
    beam: 8,
    phrases: entries.length,
    runs,
    graphMs,
    plainMs: spreadOf(results.plain),
    boostedMs: spreadOf(results.boosted),
    ratio: ratioSpread(results.boosted, results.plain),
    plainTokens,
    boostedTokens,
  };
}
