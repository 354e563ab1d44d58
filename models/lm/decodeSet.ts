// Decodes cached log-probs with greedy search, beam search, or beam search with a word LM, and scores the result.
import { alignWords, charErrorRate, wordErrorRate } from '@verbatim/core';
import {
  computeWordFeatures,
  greedySearch,
  type LanguageModelScorer,
  type ModelBundle,
  prefixBeamSearch,
  type Word,
  type WordCalibration,
  type WordFeature,
  wordsFromHypothesis,
} from '@verbatim/asr';
import type { Utterance } from './evalSets.ts';

export interface DecodeConfig {
  decoder: 'greedy' | 'beam';
  beam?: number;
  lm?: LanguageModelScorer;
  /** Calibration of the words' confidence; `null` for raw scores; default: the bundle's (the LM's when decoding with it). */
  calibration?: WordCalibration | null;
  /** Also list every word's features (`computeWordFeatures`; needs `lm`), to fit a logistic calibration on. */
  features?: boolean;
}

export interface SetResult {
  wer: number;
  cer: number;
  words: number;
  /** Decoding wall time (the search only, not the model). */
  decodeMs: number;
  audioSeconds: number;
  hyps: string[];
  /** Per hypothesis word: its confidence and whether it matched the reference (for calibration). */
  scored: { confidence: number; correct: boolean }[];
  /** With `features`: each scored word's features, in the same order. */
  features: Record<WordFeature, number>[];
}

export function decodeSet(bundle: ModelBundle, utts: readonly Utterance[], config: DecodeConfig): SetResult {
  const hyps: string[] = [];
  const wordLists: Word[][] = [];
  const calibration = config.calibration === null
    ? null
    : (config.calibration ?? (config.lm && bundle.lm?.calibration ? bundle.lm.calibration : bundle.confidence.calibration));
  const features: Record<WordFeature, number>[] = [];
  if (config.features && !config.lm) throw new Error('decodeSet: word features need a language model');
  const t0 = performance.now();
  for (const u of utts) {
    const hyp = config.decoder === 'greedy'
      ? greedySearch(u.lp, bundle.blankId)
      : prefixBeamSearch(u.lp, { blankId: bundle.blankId, beam: config.beam ?? 8, ...(config.lm ? { lm: config.lm } : {}) })[0];
    // what a logistic calibration reads besides the word: the best-path reading and the LM (as a transcription does)
    const context = config.lm && (config.features || calibration?.method === 'logistic') ? { greedy: greedySearch(u.lp, bundle.blankId), lm: config.lm.lm } : undefined;
    const words = hyp ? wordsFromHypothesis(hyp, u.lp, bundle, undefined, calibration, context) : [];
    if (hyp && context && config.features) features.push(...computeWordFeatures(hyp, u.lp, bundle, context));
    wordLists.push(words);
    hyps.push(words.map((w) => w.text).join(' '));
  }
  const decodeMs = performance.now() - t0;
  const refs = utts.map((u) => u.text);
  const wer = wordErrorRate(refs, hyps);
  const cer = charErrorRate(refs, hyps);
  return {
    wer: wer.rate,
    cer: cer.rate,
    words: wer.total,
    decodeMs,
    audioSeconds: utts.reduce((s, u) => s + u.duration, 0),
    hyps,
    scored: utts.flatMap((u, i) => markCorrect(u.text, wordLists[i] as Word[])),
    features,
  };
}

/** Which hypothesis words align to an equal reference word (what confidence should predict). */
function markCorrect(ref: string, words: readonly Word[]): { confidence: number; correct: boolean }[] {
  const correct = new Array<boolean>(words.length).fill(false);
  for (const op of alignWords(ref.split(' ').filter(Boolean), words.map((w) => w.text))) if (op.op === 'match') correct[op.hyp] = true;
  return words.map((w, k) => ({ confidence: w.confidence, correct: correct[k] as boolean }));
}

/** Expected calibration error over 15 equal-width bins, as the recipe's confidence.py computes it. */
export function expectedCalibrationError(scored: readonly { confidence: number; correct: boolean }[], bins = 15): number {
  const acc = Array.from({ length: bins }, () => ({ n: 0, conf: 0, right: 0 }));
  for (const s of scored) {
    const b = acc[Math.min(bins - 1, Math.max(0, Math.ceil(s.confidence * bins) - 1))]!;
    b.n++;
    b.conf += s.confidence;
    b.right += s.correct ? 1 : 0;
  }
  return acc.reduce((e, b) => e + (b.n === 0 ? 0 : (b.n / scored.length) * Math.abs(b.conf / b.n - b.right / b.n)), 0);
}

/** AUROC of (1 - confidence) as a detector of wrong words (ties count half). */
export function errorDetectionAuroc(scored: readonly { confidence: number; correct: boolean }[]): number {
  const sorted = [...scored].sort((a, b) => b.confidence - a.confidence);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.confidence === sorted[i]!.confidence) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (!sorted[k]!.correct) {
      rankSum += rank;
      pos++;
    }
    i = j + 1;
  }
  const neg = sorted.length - pos;
  return pos === 0 || neg === 0 ? Number.NaN : (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * What the review flag does at `threshold` (a word is flagged when its confidence is below it, as `isFlagged` says):
 * the share of words flagged, of flagged words that are wrong (precision) and of wrong words flagged (recall).
 */
export function flagPrecisionRecall(scored: readonly { confidence: number; correct: boolean }[], threshold: number): { flagged: number; precision: number; recall: number } {
  const flagged = scored.filter((s) => s.confidence < threshold);
  const wrong = scored.filter((s) => !s.correct).length;
  const caught = flagged.filter((s) => !s.correct).length;
  return { flagged: flagged.length / scored.length, precision: flagged.length === 0 ? Number.NaN : caught / flagged.length, recall: wrong === 0 ? Number.NaN : caught / wrong };
}
