import { expectedCalibrationError, flagPrecisionRecall, normalizeForScoring, scoreWords } from '@verbatim/core';

/** One transcript as a comparison measures it: the human text, and what one model recognised on its media. */
export interface ComparedTranscript {
  /** The human text (the transcript's current document, read as plain words). */
  readonly reference: string;
  /** The model's words in reading order; `confidence` as the model reports it. */
  readonly words: ReadonlyArray<{ readonly text: string; readonly confidence: number }>;
  /** Length of the media, in seconds. */
  readonly audioSeconds: number;
  /** Seconds the model took on it; null when not measured (stored words). */
  readonly processingSeconds: number | null;
}

/** Options of {@link measureComparison}. */
export interface MeasureComparisonOptions {
  /**
   * The project's vocabulary terms; each is one or more spellings of the same term (its phrase and its written form,
   * e.g. `['active record', 'ActiveRecord']`), an occurrence of any of which in the reference counts.
   */
  readonly terms: ReadonlyArray<readonly string[]>;
  /** The project's review threshold: a word is flagged when its confidence is below it (`isFlagged`). */
  readonly flagThreshold: number;
  /** Whether the confidence is a calibrated probability; when not, ECE is null (it would mean nothing). */
  readonly calibrated: boolean;
}

/** One model's figures over a set of transcripts (a comparison's row without its role and model). */
export interface ComparisonFigures {
  /** Reference words after normalisation (`normalizeForScoring`). */
  referenceWords: number;
  /** Word error rate; null without reference words. */
  wer: number | null;
  /** Character error rate; null without reference characters. */
  cer: number | null;
  substitutions: number;
  deletions: number;
  insertions: number;
  /** Term occurrences of the reference the model got right at their aligned place, over `terms`; null when there are none. */
  termRecall: number | null;
  /** Vocabulary term occurrences in the reference. */
  terms: number;
  /** Expected calibration error over the model's words (10 equal-width bins); null when uncalibrated or without words. */
  ece: number | null;
  /** Of the words flagged for review, the share that were wrong; null when none was flagged. */
  flagPrecision: number | null;
  /** Of the wrong words, the share flagged for review; null when none was wrong. */
  flagRecall: number | null;
  flagThreshold: number;
  /** Processing seconds per audio second; null when any transcript's time was not measured, or there is no audio. */
  realTimeFactor: number | null;
}

/** Number of equal-width confidence bins of the ECE. */
export const ECE_BINS = 10;

/**
 * Measures one model's words on a set of transcripts against the human text, as a model comparison reports them,
 * with core's quality measures: each transcript is scored on its own (`scoreWords`: `normalizeForScoring`, then
 * `alignWords`, minimum edit distance) and the counts are summed over the set:
 *
 * - **WER / CER** with substitutions, deletions and insertions (of the normalised texts).
 * - **Word correctness**: a recognised word is correct when each of its normalised tokens is aligned as a `match`
 *   (a word that normalises to nothing, bare punctuation, is left out of the word measures below).
 * - **Term recall**: the reference is scanned left to right for occurrences of the vocabulary terms (any spelling,
 *   normalised; the longest term first where several start at one word; occurrences do not overlap); an occurrence
 *   is recalled when every one of its reference words is aligned as a `match` — the model wrote the term at that
 *   place. Recall = recalled occurrences / occurrences.
 * - **ECE** (`expectedCalibrationError`): the model's words put in {@link ECE_BINS} equal-width bins by confidence
 *   (1.0 in the last bin); ECE = Σ over bins of (words in bin / words) × |share correct − mean confidence|. Null when
 *   `calibrated` is false.
 * - **Flag precision / recall** (`flagPrecisionRecall`): a word is flagged when its confidence is below
 *   `flagThreshold` (as `isFlagged` decides for an unreviewed word); positives are the wrong recognised words
 *   (substituted or inserted; a deleted reference word has no confidence to flag).
 * - **RTF**: Σ processing seconds / Σ audio seconds.
 *
 * @example
 * measureComparison([{ reference: 'the cat sat', words, audioSeconds: 2, processingSeconds: 0.3 }], { terms: [], flagThreshold: 0.6, calibrated: true });
 */
export function measureComparison(transcripts: readonly ComparedTranscript[], options: MeasureComparisonOptions): ComparisonFigures {
  const terms = options.terms.map((spellings) => spellings.map(tokensOf).filter((tokens) => tokens.length > 0)).filter((spellings) => spellings.length > 0);
  const totals = { words: 0, chars: 0, charErrors: 0, substitutions: 0, deletions: 0, insertions: 0 };
  const confidences: number[] = [];
  const correct: boolean[] = [];
  let occurrences = 0;
  let recalled = 0;
  for (const transcript of transcripts) {
    const score = scoreWords(
      transcript.reference.split(/\s+/u).filter((word) => word !== ''),
      transcript.words.map((word) => word.text),
    );
    totals.words += score.words.total;
    totals.substitutions += score.words.substitutions;
    totals.deletions += score.words.deletions;
    totals.insertions += score.words.insertions;
    totals.chars += score.chars.total;
    totals.charErrors += score.chars.errors;
    score.correct.forEach((right, index) => {
      if (right === null) return;
      confidences.push(transcript.words[index]!.confidence);
      correct.push(right);
    });
    const ref = score.referenceTokens;
    const matched = new Array<boolean>(ref.length).fill(false);
    for (const step of score.alignment) if (step.op === 'match') matched[step.ref] = true;
    for (let i = 0; i < ref.length; ) {
      const length = termAt(ref, i, terms);
      if (length === 0) {
        i += 1;
        continue;
      }
      occurrences += 1;
      if (matched.slice(i, i + length).every(Boolean)) recalled += 1;
      i += length;
    }
  }
  const flags = flagPrecisionRecall(confidences, correct, options.flagThreshold);
  const audio = transcripts.reduce((sum, t) => sum + t.audioSeconds, 0);
  const measured = transcripts.every((t) => t.processingSeconds !== null);
  const errors = totals.substitutions + totals.deletions + totals.insertions;
  return {
    referenceWords: totals.words,
    wer: totals.words > 0 ? errors / totals.words : null,
    cer: totals.chars > 0 ? totals.charErrors / totals.chars : null,
    substitutions: totals.substitutions,
    deletions: totals.deletions,
    insertions: totals.insertions,
    termRecall: occurrences > 0 ? recalled / occurrences : null,
    terms: occurrences,
    ece: options.calibrated ? expectedCalibrationError(confidences, correct, ECE_BINS) : null,
    flagPrecision: flags.precision,
    flagRecall: flags.recall,
    flagThreshold: options.flagThreshold,
    realTimeFactor: measured && audio > 0 && transcripts.length > 0 ? transcripts.reduce((sum, t) => sum + t.processingSeconds!, 0) / audio : null,
  };
}

function tokensOf(text: string): string[] {
  const normalized = normalizeForScoring(text);
  return normalized === '' ? [] : normalized.split(' ');
}

// the length of the longest term spelling that starts at ref[i], 0 when none does
function termAt(ref: readonly string[], i: number, terms: ReadonlyArray<readonly string[][]>): number {
  let longest = 0;
  for (const spellings of terms) {
    for (const tokens of spellings) {
      if (tokens.length <= longest || i + tokens.length > ref.length) continue;
      if (tokens.every((token, k) => ref[i + k] === token)) longest = tokens.length;
    }
  }
  return longest;
}
