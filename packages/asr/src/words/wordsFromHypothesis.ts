import type { ModelBundle, WordCalibration } from '../bundle/ModelBundle.ts';
import { applyDisplayAs } from '../decode/applyDisplayAs.ts';
import type { ContextGraph } from '../decode/contextGraph.ts';
import type { Hypothesis, LogProbs } from '../decode/types.ts';
import { calibrateConfidence } from './calibrateConfidence.ts';
import { DecodeError } from '../decode/DecodeError.ts';
import { wordDrafts, type WordDraft } from './wordDrafts.ts';
import { acousticScore, applyLogisticCalibration, featuresOfDrafts, type WordFeatureContext } from './wordFeatures.ts';
import type { Word } from './Word.ts';

/** What the words need from a bundle. */
export type WordBundle = Pick<ModelBundle, 'tokens' | 'blankId' | 'wordBoundary' | 'confidence' | 'textCase'> & {
  output: Pick<ModelBundle['output'], 'frameShiftSeconds'>;
};

/**
 * Words of a decoded hypothesis, as the recipe's confidence.py defines them: words split at the word-boundary token
 * (or begin at a piece that starts with it; control symbols like `<unk>` are skipped; pieces are lower-cased when the
 * bundle's `textCase` is `lower`); a word runs from its first
 * token's first frame to its last token's end frame; its confidence aggregates the per-frame measure over its
 * tokens' frames (for `max_prob`, the posterior of the token emitted there: the top posterior on the greedy path)
 * and goes through the bundle's Platt map (or `calibration` when given, e.g. the LM decoding's; `null` for the raw
 * score). Under a Platt map confidence comes from the acoustic posteriors only, so boosting changes which words win,
 * never their score. A logistic calibration (the LM decoding's, model.json `lm.calibration`) also reads the words'
 * lengths and durations, the best-path reading and the LM (`context`; see WORD_FEATURES in wordFeatures.ts): a word the LM finds
 * unlikely where it stands, or that the acoustics alone would not have chosen, is less likely right.
 *
 * With a `vocabulary`, words that spell an entry whose display form differs (its `displayAs`) become one word
 * showing that form; its confidence aggregates all their frames (under a logistic calibration: its least confident
 * part's).
 *
 * @throws {DecodeError} `invalid-option` for a logistic calibration without `context`.
 */
export function wordsFromHypothesis(
  hyp: Pick<Hypothesis, 'tokens'>,
  lp: LogProbs,
  bundle: WordBundle,
  vocabulary?: ContextGraph,
  calibration?: WordCalibration | null,
  context?: WordFeatureContext,
): Word[] {
  const shift = bundle.output.frameShiftSeconds;
  const drafts = wordDrafts(hyp.tokens, bundle);
  const cal = calibration === null ? undefined : (calibration ?? bundle.confidence.calibration);
  // a logistic calibration scores each word as decoded (before display forms) from its features
  let scores: number[] | undefined;
  if (cal?.method === 'logistic') {
    if (!context) throw new DecodeError('invalid-option', 'a logistic confidence calibration needs the best-path reading and the language model the words were decoded with');
    scores = featuresOfDrafts(drafts, lp, bundle, context).map((f) => applyLogisticCalibration(f, cal));
  }

  // each word with the drafts it is made of (several when a vocabulary entry's display form joins them)
  let merged: { text: string; parts: WordDraft[]; first: number }[] = drafts.map((d, i) => ({ text: d.text, parts: [d], first: i }));
  if (vocabulary) {
    const { spans } = applyDisplayAs(drafts.map((d) => d.text), vocabulary);
    const out: typeof merged = [];
    let w = 0;
    for (const span of spans) {
      out.push(...merged.slice(w, span.start));
      out.push({ text: span.text, parts: drafts.slice(span.start, span.end), first: span.start });
      w = span.end;
    }
    out.push(...merged.slice(w));
    merged = out;
  }

  return merged.map(({ text, parts, first }) => {
    const spans = parts.flatMap((d) => d.spans);
    let confidence: number;
    if (scores) {
      // a joined word is right only if all its parts are: the least confident part
      confidence = Math.min(...parts.map((_, k) => scores[first + k]!));
    } else {
      // one score over all its frames
      const raw = acousticScore({ spans, ids: parts.flatMap((d) => d.ids) }, lp, bundle);
      confidence = calibrateConfidence(raw, cal?.method === 'platt' ? cal : undefined);
    }
    return { text, start: seconds(spans[0]! * shift), end: seconds(spans.at(-1)! * shift), confidence };
  });
}

// frame times are multiples of the shift; rounding to the microsecond drops float noise like 0.12000000000000001
function seconds(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
