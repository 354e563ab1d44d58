import { alignWords, charErrorRate, isFlagged, normalizeForScoring, wordErrorRate } from '@verbatim/core';

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
 * Measures one model's words on a set of transcripts against the human text, as a model comparison reports them.
 * Texts are compared after `normalizeForScoring` (case, punctuation), each transcript aligned on its own
 * (`alignWords`, minimum edit distance) and the counts summed over the set:
 *
 * - **WER / CER** with substitutions, deletions and insertions: core's `wordErrorRate` / `charErrorRate`.
 * - **Word correctness**: a recognised word is correct when each of its normalised tokens is aligned as a `match`
 *   (a word that normalises to nothing, bare punctuation, is left out of the word measures below).
 * - **Term recall**: the reference is scanned left to right for occurrences of the vocabulary terms (any spelling,
 *   normalised; the longest term first where several start at one word; occurrences do not overlap); an occurrence
 *   is recalled when every one of its reference words is aligned as a `match` — the model wrote the term at that
 *   place. Recall = recalled occurrences / occurrences.
 * - **ECE**: the model's words put in {@link ECE_BINS} equal-width bins by confidence (1.0 in the last bin); ECE =
 *   Σ over bins of (words in bin / words) × |share correct − mean confidence|. Null when `calibrated` is false.
 * - **Flag precision / recall**: a word is flagged when `isFlagged(confidence, unreviewed, flagThreshold)`; positives
 *   are the wrong recognised words (substituted or inserted; a deleted reference word has no confidence to flag).
 * - **RTF**: Σ processing seconds / Σ audio seconds.
 *
 * @example
 * measureComparison([{ reference: 'the cat sat', words, audioSeconds: 2, processingSeconds: 0.3 }], { terms: [], flagThreshold: 0.6, calibrated: true });
 */
export function measureComparison(transcripts: readonly ComparedTranscript[], options: MeasureComparisonOptions): ComparisonFigures {
  const refs = transcripts.map((t) => t.reference);
  const hyps = transcripts.map((t) => t.words.map((w) => w.text).join(' '));
  const wer = wordErrorRate(refs, hyps);
  const cer = charErrorRate(refs, hyps);
  const terms = options.terms.map((spellings) => spellings.map(tokensOf).filter((tokens) => tokens.length > 0)).filter((spellings) => spellings.length > 0);
  const bins = Array.from({ length: ECE_BINS }, () => ({ count: 0, correct: 0, confidence: 0 }));
  let scoredWords = 0;
  let occurrences = 0;
  let recalled = 0;
  let flagged = 0;
  let wrong = 0;
  let flaggedWrong = 0;
  for (const transcript of transcripts) {
    const ref = tokensOf(transcript.reference);
    const hyp: string[] = [];
    const owner: number[] = [];
    transcript.words.forEach((word, index) => {
      for (const token of tokensOf(word.text)) {
        hyp.push(token);
        owner.push(index);
      }
    });
    const refMatched = new Array<boolean>(ref.length).fill(false);
    const wordWrong = new Array<boolean>(transcript.words.length).fill(false);
    for (const op of alignWords(ref, hyp)) {
      if (op.op === 'match') refMatched[op.ref] = true;
      else if (op.hyp !== undefined) wordWrong[owner[op.hyp]!] = true;
    }
    const scored = new Set(owner);
    transcript.words.forEach((word, index) => {
      if (!scored.has(index)) return;
      const isWrong = wordWrong[index]!;
      const confidence = Math.min(1, Math.max(0, word.confidence));
      const bin = bins[Math.min(ECE_BINS - 1, Math.floor(confidence * ECE_BINS))]!;
      bin.count += 1;
      bin.confidence += confidence;
      if (!isWrong) bin.correct += 1;
      scoredWords += 1;
      const isFlag = isFlagged(word.confidence, false, options.flagThreshold);
      if (isFlag) flagged += 1;
      if (isWrong) wrong += 1;
      if (isFlag && isWrong) flaggedWrong += 1;
    });
    for (let i = 0; i < ref.length; ) {
      const length = termAt(ref, i, terms);
      if (length === 0) {
        i += 1;
        continue;
      }
      occurrences += 1;
      if (refMatched.slice(i, i + length).every(Boolean)) recalled += 1;
      i += length;
    }
  }
  const ece = options.calibrated && scoredWords > 0 ? bins.reduce((sum, bin) => sum + Math.abs(bin.correct - bin.confidence), 0) / scoredWords : null;
  const audio = transcripts.reduce((sum, t) => sum + t.audioSeconds, 0);
  const measured = transcripts.every((t) => t.processingSeconds !== null);
  return {
    referenceWords: wer.total,
    wer: wer.total > 0 ? wer.rate : null,
    cer: cer.total > 0 ? cer.rate : null,
    substitutions: wer.substitutions,
    deletions: wer.deletions,
    insertions: wer.insertions,
    termRecall: occurrences > 0 ? recalled / occurrences : null,
    terms: occurrences,
    ece,
    flagPrecision: flagged > 0 ? flaggedWrong / flagged : null,
    flagRecall: wrong > 0 ? flaggedWrong / wrong : null,
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
