import type { ConfidenceConfig, ModelBundle } from '../bundle/ModelBundle.ts';
import { applyDisplayAs } from '../decode/applyDisplayAs.ts';
import type { ContextGraph } from '../decode/contextGraph.ts';
import type { Hypothesis, LogProbs } from '../decode/types.ts';
import { calibrateConfidence } from './calibrateConfidence.ts';
import { frameConfidence } from './frameConfidence.ts';
import type { Word } from './Word.ts';

const SPECIAL = /^<.+>$/;

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
 * score). Confidence comes from the acoustic posteriors only, so
 * boosting changes which words win, never their score.
 *
 * With a `vocabulary`, words that spell an entry whose display form differs (its `displayAs`) become one word
 * showing that form; its confidence aggregates all their frames.
 */
export function wordsFromHypothesis(
  hyp: Pick<Hypothesis, 'tokens'>,
  lp: LogProbs,
  bundle: WordBundle,
  vocabulary?: ContextGraph,
  calibration?: ConfidenceConfig['calibration'] | null,
): Word[] {
  const { tokens: symbols, wordBoundary, blankId } = bundle;
  const shift = bundle.output.frameShiftSeconds;
  interface Draft { text: string; spans: number[]; ids: number[] }
  const drafts: Draft[] = [];
  let cur: Draft | undefined;
  // before displayAs, so a vocabulary entry's own spelling is never changed
  const lower = bundle.textCase === 'lower';
  hyp.tokens.forEach((tok) => {
    const sym = symbols[tok.id] ?? '';
    // the blank and control symbols (<unk>, <s>, </s>) are not text
    if (tok.id === blankId || SPECIAL.test(sym)) return;
    let piece = sym;
    if (sym.startsWith(wordBoundary)) {
      cur = undefined;
      piece = sym.slice(wordBoundary.length);
      if (piece === '') return;
    }
    if (!cur) {
      cur = { text: '', spans: [], ids: [] };
      drafts.push(cur);
    }
    cur.text += lower ? piece.toLowerCase() : piece;
    cur.spans.push(tok.start, tok.end);
    cur.ids.push(tok.id);
  });

  let merged = drafts;
  if (vocabulary) {
    const { spans } = applyDisplayAs(drafts.map((d) => d.text), vocabulary);
    merged = [];
    let w = 0;
    for (const span of spans) {
      merged.push(...drafts.slice(w, span.start));
      const parts = drafts.slice(span.start, span.end);
      merged.push({ text: span.text, spans: parts.flatMap((d) => d.spans), ids: parts.flatMap((d) => d.ids) });
      w = span.end;
    }
    merged.push(...drafts.slice(w));
  }

  const { measure, alpha, aggregation } = bundle.confidence;
  return merged.map((d) => {
    let acc = aggregation === 'min' ? Infinity : aggregation === 'prod' ? 1 : 0;
    let n = 0;
    for (let s = 0; s < d.spans.length; s += 2) {
      const id = d.ids[s / 2]!;
      for (let t = d.spans[s]!; t < d.spans[s + 1]!; t++) {
        // max_prob scores the token the decoder chose (on the greedy path that is the top posterior itself), so a
        // word an LM or a boost preferred against the acoustics shows the acoustics' doubt
        const c = measure === 'max_prob' ? Math.exp(lp.data[t * lp.vocab + id]!) : frameConfidence(lp, t, { measure, alpha });
        acc = aggregation === 'min' ? Math.min(acc, c) : aggregation === 'prod' ? acc * c : acc + c;
        n++;
      }
    }
    const raw = n === 0 ? 0 : aggregation === 'mean' ? acc / n : acc;
    return {
      text: d.text,
      start: seconds(d.spans[0]! * shift),
      end: seconds(d.spans.at(-1)! * shift),
      confidence: calibrateConfidence(raw, calibration === null ? undefined : (calibration ?? bundle.confidence.calibration)),
    };
  });
}

// frame times are multiples of the shift; rounding to the microsecond drops float noise like 0.12000000000000001
function seconds(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
