import { isFlagged } from '@verbatim/core';
import type { TranscriptDocTurn } from '@verbatim/core/document';

/** A word of a transcript that waits for review. Times in seconds. */
export interface FlaggedWordInTranscript {
  text: string;
  start: number;
  end: number;
  confidence: number;
  /** The word with up to two words either side of it in its paragraph (five words at most), joined by spaces. */
  context: string;
}

const CONTEXT_WORDS = 2;

/**
 * The words of a transcript's current turns that are flagged (`isFlagged` of @verbatim/core, as in the workbench):
 * not reviewed, with a confidence below `threshold` (flags are derived, never stored). By start time; words starting
 * together keep their reading order.
 *
 * @example
 * flaggedWordsOf(readTranscriptTurns(doc), project.reviewThreshold);
 */
export function flaggedWordsOf(turns: readonly TranscriptDocTurn[], threshold: number): FlaggedWordInTranscript[] {
  const flagged: FlaggedWordInTranscript[] = [];
  for (const turn of turns) {
    turn.words.forEach((word, index) => {
      if (!isFlagged(word.confidence, word.reviewed, threshold)) return;
      const around = turn.words.slice(Math.max(0, index - CONTEXT_WORDS), index + CONTEXT_WORDS + 1);
      flagged.push({ text: word.text, start: word.start, end: word.end, confidence: word.confidence, context: around.map((w) => w.text).join(' ') });
    });
  }
  // Array#sort is stable: reading order breaks ties
  return flagged.sort((a, b) => a.start - b.start);
}
