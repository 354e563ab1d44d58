import type { TranscriptDocWord } from '@verbatim/core/document';
import { ReviewError } from './ReviewError.ts';
import type { ReviewAction } from './ReviewStore.ts';

/** What a review says about a word, as {@link locateReviewedWord} checks it. Times in seconds. */
export interface ReviewClaim {
  readonly action: ReviewAction;
  readonly start: number;
  readonly end: number;
  readonly before: string;
  readonly after: string;
}

/** The span of the document's word(s) a review refers to, as the document has it (the review's identity). */
export interface ReviewedSpan {
  readonly start: number;
  readonly end: number;
}

// times travel as JSON doubles from the same document; this only absorbs float noise, never a different word
const TIME_TOLERANCE_SECONDS = 1e-6;

/**
 * Checks a review against the transcript's current words and returns the span it refers to, with the document's own
 * times where a word begins or ends there. Throws {@link ReviewError}:
 * - `word-not-found` when no word of the document has the review's span (an accept needs a word from exactly
 *   `start` to `end`; a correction needs words lying within `start`..`end`, except a deletion, whose words may be gone
 *   already, where the recogniser's `original` words must have something within the span);
 * - `review-text-mismatch` when an accept's `before` and `after` are not both the word's text, or a correction
 *   leaves the text as it was or names text that is in the span neither before nor after (either is accepted, since
 *   the correction's edit and its record reach the server by different roads).
 *
 * @example
 * locateReviewedWord(readTranscriptWords(doc), { action: 'accept', start: 0.5, end: 0.9, before: 'quik', after: 'quik' });
 */
export function locateReviewedWord(
  words: readonly TranscriptDocWord[],
  claim: ReviewClaim,
  original: readonly { start: number; end: number }[] = [],
): ReviewedSpan {
  const at = `from ${claim.start} s to ${claim.end} s`;
  if (claim.action === 'accept') {
    if (claim.before !== claim.after) {
      throw new ReviewError('review-text-mismatch', 'An accept confirms a word as it is: before and after must both be the word\'s text.');
    }
    const candidates = words.filter((word) => near(word.start, claim.start) && near(word.end, claim.end));
    if (candidates.length === 0) throw new ReviewError('word-not-found', `This transcript has no word ${at}.`);
    const word = candidates.find((w) => w.text === claim.before);
    if (word === undefined) {
      throw new ReviewError('review-text-mismatch', `The word ${at} reads ${JSON.stringify(candidates[0]!.text)}, not ${JSON.stringify(claim.before)}.`);
    }
    return { start: word.start, end: word.end };
  }
  if (normalize(claim.before) === normalize(claim.after)) {
    throw new ReviewError('review-text-mismatch', 'A correction changes the word: before and after must differ.');
  }
  if (!(claim.end >= claim.start)) throw new ReviewError('word-not-found', `This transcript has no word ${at}.`);
  const within = (span: { start: number; end: number }) => span.start >= claim.start - TIME_TOLERANCE_SECONDS && span.end <= claim.end + TIME_TOLERANCE_SECONDS;
  const inSpan = words.filter(within);
  if (inSpan.length === 0) {
    // a deletion whose edit reached the document first: its words are gone, but the recogniser heard something there
    if (normalize(claim.after) === '' && original.some(within)) return { start: claim.start, end: claim.end };
    throw new ReviewError('word-not-found', `This transcript has no word ${at}.`);
  }
  const text = normalize(inSpan.map((word) => word.text).join(' '));
  if (text !== normalize(claim.before) && text !== normalize(claim.after)) {
    throw new ReviewError(
      'review-text-mismatch',
      `The words ${at} read ${JSON.stringify(text)}, which is neither the correction's before nor its after text.`,
    );
  }
  // the claim's own times (a correction may reach into the gap beside a word), snapped to a word's edge within noise
  return {
    start: inSpan.find((word) => near(word.start, claim.start))?.start ?? claim.start,
    end: inSpan.findLast((word) => near(word.end, claim.end))?.end ?? claim.end,
  };
}
function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= TIME_TOLERANCE_SECONDS;
}

function normalize(text: string): string {
  return text.trim().split(/\s+/u).join(' ');
}
