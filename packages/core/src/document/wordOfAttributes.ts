import { decodeReviewMark } from './ReviewMark.ts';
import { REVIEW_MARK_KEY, WORD_TIMING_KEY } from './transcriptDocSchema.ts';
import { decodeWordTiming, type WordTiming } from './WordTiming.ts';

/** A word run's attributes read out: its timing, and its review mark when it has one. */
export interface WordAttributes extends WordTiming {
  reviewed: boolean;
  /** The reviewer's user id, when reviewed. */
  reviewedBy?: string;
  /** Milliseconds since the epoch, when reviewed. */
  reviewedAt?: number;
}

/**
 * Reads the formatting attributes of a run of a paragraph (a Slate leaf's properties through @slate-yjs): its word
 * timing and review mark, or undefined when the run carries no valid timing (a separator, or text typed with none).
 */
export function wordOfAttributes(attributes: Readonly<Record<string, unknown>> | undefined): WordAttributes | undefined {
  const timing = decodeWordTiming(attributes?.[WORD_TIMING_KEY]);
  if (timing === undefined) return undefined;
  const mark = decodeReviewMark(attributes?.[REVIEW_MARK_KEY]);
  return mark === undefined ? { ...timing, reviewed: false } : { ...timing, reviewed: true, reviewedBy: mark.by, reviewedAt: mark.at };
}
