import type { WordLeaf } from '../editor/transcriptTypes.ts';

/** The body of `POST /api/transcripts/:id/reviews`. */
export interface ReviewRequest {
  action: 'accept' | 'correct';
  /** Seconds. */
  start: number;
  end: number;
  /** The word as it was shown for review. */
  before: string;
  /** The word as the reviewer left it (the same text for an accept). */
  after: string;
  /** The recogniser's confidence of the original word. */
  confidence: number;
}

/** A stored review, as the server answers. */
export interface ReviewRecord extends ReviewRequest {
  id: string;
  transcriptId: string;
  userId: string;
  createdAt: number;
  /** When the decision was withdrawn (undone), in milliseconds since the epoch; null while it stands. */
  withdrawnAt: number | null;
}


/** The request recording that a reviewer confirmed `word` as recognised. */
export function acceptRequest(word: Pick<WordLeaf, 'text' | 'start' | 'end' | 'conf'>): ReviewRequest {
  return { action: 'accept', start: word.start, end: word.end, before: word.text, after: word.text, confidence: word.conf };
}

/**
 * The request recording a correction of a word shown as `before` (its text when the reviewer reached it) into
 * `after`; undefined when nothing changed.
 */
export function correctionRequest(
  before: string,
  after: string,
  word: Pick<WordLeaf, 'start' | 'end' | 'conf'>,
): ReviewRequest | undefined {
  const a = after.trim();
  if (a === before.trim()) return undefined;
  return { action: 'correct', start: word.start, end: word.end, before, after: a, confidence: word.conf };
}

