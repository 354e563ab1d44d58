import type { Segment } from '@verbatim/core';
import type { ReviewMark, TranscriptDocTurn, TranscriptDocWord, WordOrigin } from '@verbatim/core/document';

/** A word of a re-run's new document: a fresh machine word, or a person's word carried over with its mark. */
export interface CarriedWord {
  text: string;
  start: number;
  end: number;
  confidence: number;
  origin: WordOrigin;
  /** The review mark it keeps (carried words that were reviewed). */
  review?: ReviewMark;
  /** True for a word carried from the human version, false for a fresh machine word. */
  carried: boolean;
}

/** A paragraph of the new document. */
export interface CarriedTurn {
  speaker: string;
  start: number;
  words: CarriedWord[];
}

/** What {@link carryHumanWords} kept: the new turns and how many human words and deletions it carried. */
export interface CarriedDocument {
  turns: CarriedTurn[];
  /** Words of the human version carried into the new one. */
  carriedWords: number;
  /** Original words a person deleted whose time the new document leaves empty. */
  carriedDeletions: number;
  /** Fresh machine words dropped because a human stretch covers them. */
  replacedFreshWords: number;
}

interface Stretch {
  start: number;
  end: number;
  words: Array<{ word: TranscriptDocWord; turn: number }>;
  deletions: number;
}

const DEFAULT_SPEAKER = 'Speaker 1';

/**
 * The document a re-run leaves: the fresh machine words, with every stretch a person touched carried over from the
 * current document **by time alignment**. `current` is the document now (`readTranscriptTurns`), `original` the
 * machine words it was made from (the transcript's stored original words) and `fresh` the new machine output.
 *
 * What counts as human work (the current words are aligned with the original ones by their timing: a machine word
 * nobody touched keeps the recogniser's text and times to the millisecond, so this is linear where aligning texts by
 * edit distance would take seconds on a long transcript):
 * - a word of `current` that is reviewed (has a review mark), was typed by a person (origin `human`), or has no
 *   original word with its span and text (an edit, an insertion, two words glued together) — unless a plugin's
 *   post-processor wrote it (origin `plugin:<id>`, unreviewed: that is machine output the fresh run makes again);
 * - an original word no current word has the span of or overlaps in time: a deletion (a word a person merged into
 *   its neighbour is covered by the merged word instead).
 *
 * Conflict rules:
 * - Consecutive human items, in document order (a deleted word where its time falls among the current words), form
 *   one stretch; its span runs from the earliest start to the latest end of its words and deleted words. The
 *   stretch's words go into the new document unchanged (text, timing, confidence, origin, review mark), and every
 *   fresh word whose midpoint lies within the span is dropped: the human version wins every overlap, and a deletion
 *   stays deleted (its span keeps fresh words out).
 * - Everything else of the current document (machine words nobody touched) is replaced by the fresh words.
 * - A stretch goes before the first kept fresh word whose midpoint is at or after the stretch's start; stretches
 *   keep their document order.
 * - Words without timing of their own (typed where there was none) have the gap between their neighbours, as
 *   `readTranscriptTurns` gives them: a zero-width gap anchors them at that time and drops no fresh word.
 * - Turns: a carried word stays in its own turn; a fresh word goes into the current turn whose time range (its start
 *   up to the next turn's start) holds the word's midpoint (before the first: the first). A paragraph breaks wherever
 *   two consecutive words belong to different turns, and takes that turn's speaker. When the current document has
 *   no turns, the fresh segments are the turns, with their own speakers.
 *
 * @example
 * const { turns } = carryHumanWords(readTranscriptTurns(doc), transcripts.originalSegments(id)!, fresh.segments);
 */
export function carryHumanWords(current: readonly TranscriptDocTurn[], original: readonly Segment[], fresh: readonly Segment[]): CarriedDocument {
  const currentWords = current.flatMap((turn, index) => turn.words.map((word) => ({ word, turn: index })));
  const originalWords = original.flatMap((segment) => segment.words);
  const stretches = humanStretches(currentWords, originalWords);
  const freshWords = fresh.flatMap((segment, index) => segment.words.map((word) => ({ word, segment: index })));
  const covered = coveredBy(stretches);
  const kept = freshWords.filter(({ word }) => !covered(midpoint(word)));

  type Placed = { word: CarriedWord; turn: number; speaker: string | undefined };
  const placed: Placed[] = [];
  const turnOf = turnFinder(current);
  let next = 0;
  for (const stretch of stretches) {
    while (next < kept.length && midpoint(kept[next]!.word) < stretch.start) placed.push(freshPlaced(kept[next++]!));
    for (const { word, turn } of stretch.words) placed.push({ word: carriedWord(word), turn, speaker: current[turn]!.speaker });
  }
  while (next < kept.length) placed.push(freshPlaced(kept[next++]!));

  function freshPlaced({ word, segment }: { word: Segment['words'][number]; segment: number }): Placed {
    const text: CarriedWord = { text: word.text, start: word.start, end: word.end, confidence: word.confidence, origin: freshOrigin(word.origin), carried: false };
    if (current.length === 0) return { word: text, turn: -1 - segment, speaker: fresh[segment]!.speaker };
    const turn = turnOf(midpoint(word));
    return { word: text, turn, speaker: current[turn]!.speaker };
  }

  const turns: CarriedTurn[] = [];
  let lastTurn: number | undefined;
  for (const { word, turn, speaker } of placed) {
    if (turn !== lastTurn) turns.push({ speaker: speaker ?? DEFAULT_SPEAKER, start: word.start, words: [] });
    turns[turns.length - 1]!.words.push(word);
    lastTurn = turn;
  }
  return {
    turns,
    carriedWords: stretches.reduce((sum, s) => sum + s.words.length, 0),
    carriedDeletions: stretches.reduce((sum, s) => sum + s.deletions, 0),
    replacedFreshWords: freshWords.length - kept.length,
  };
}

function humanStretches(currentWords: ReadonlyArray<{ word: TranscriptDocWord; turn: number }>, originalWords: readonly Segment['words'][number][]): Stretch[] {
  // a machine word nobody touched still has the recogniser's text and timing (to the millisecond, as the document keeps it)
  const machine = new Set(originalWords.map((w) => keyOf(w.text, w)));
  const present = new Set(currentWords.map(({ word }) => spanKey(word)));
  const overlaps = overlapFinder(currentWords.map(({ word }) => word));
  // deleted: the original words whose time no current word has or overlaps, in time order
  const deleted = originalWords.filter((w) => !present.has(spanKey(w)) && !overlaps(w)).sort((a, b) => a.start - b.start);
  const stretches: Stretch[] = [];
  let open: Stretch | undefined;
  const close = () => {
    if (open !== undefined) stretches.push(open);
    open = undefined;
  };
  const extend = (start: number, end: number): Stretch => {
    open ??= { start, end, words: [], deletions: 0 };
    open.start = Math.min(open.start, start);
    open.end = Math.max(open.end, end);
    return open;
  };
  let nextDeleted = 0;
  for (const item of currentWords) {
    const { word } = item;
    // the deletions before this word belong to the stretch that reaches them
    while (nextDeleted < deleted.length && deleted[nextDeleted]!.start < word.start) {
      const gone = deleted[nextDeleted++]!;
      extend(gone.start, gone.end).deletions += 1;
    }
    const pluginWord = word.origin.startsWith('plugin:') && !word.reviewed;
    const human = word.reviewed || word.origin === 'human' || (!pluginWord && !machine.has(keyOf(word.text, word)));
    if (!human) {
      close();
      continue;
    }
    extend(word.start, word.end).words.push(item);
  }
  while (nextDeleted < deleted.length) {
    const gone = deleted[nextDeleted++]!;
    extend(gone.start, gone.end).deletions += 1;
  }
  close();
  return stretches;
}

function spanKey(word: { start: number; end: number }): string {
  return `${Math.round(word.start * 1000)} ${Math.round(word.end * 1000)}`;
}

function keyOf(text: string, word: { start: number; end: number }): string {
  return `${spanKey(word)} ${text}`;
}

// whether any of `words` overlaps a span in time: sorted by start with the running latest end, then a binary search
function overlapFinder(words: ReadonlyArray<{ start: number; end: number }>): (span: { start: number; end: number }) => boolean {
  const sorted = [...words].sort((a, b) => a.start - b.start);
  const latestEnd: number[] = [];
  for (const word of sorted) latestEnd.push(Math.max(latestEnd.at(-1) ?? -Infinity, word.end));
  return (span) => {
    // words starting before the span ends
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start < span.end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && latestEnd[lo - 1]! > span.start;
  };
}

function carriedWord(word: TranscriptDocWord): CarriedWord {
  const carried: CarriedWord = { text: word.text, start: word.start, end: word.end, confidence: word.confidence, origin: word.origin, carried: true };
  if (word.reviewed && word.reviewedBy !== undefined) carried.review = { by: word.reviewedBy, at: word.reviewedAt ?? 0 };
  return carried;
}

function freshOrigin(origin: WordOrigin | undefined): WordOrigin {
  return typeof origin === 'string' && origin.startsWith('plugin:') ? origin : 'asr';
}

// whether a time lies within any stretch's span: the spans merged and sorted once, then a binary search per word
function coveredBy(stretches: readonly Stretch[]): (time: number) => boolean {
  const spans = stretches.map((s) => [s.start, s.end] as [number, number]).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return (time) => {
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [start, end] = merged[mid]!;
      if (time < start) hi = mid - 1;
      else if (time > end) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

function midpoint(word: { start: number; end: number }): number {
  return (word.start + word.end) / 2;
}

// the index of the current turn whose range [start, next turn's start) holds `time`; before the first: the first. Turns
// out of time order (concurrent edits can do that) are searched in the order of their starts.
function turnFinder(current: readonly TranscriptDocTurn[]): (time: number) => number {
  const order = current.map((turn, index) => ({ start: turn.words[0]?.start ?? turn.start, index })).sort((a, b) => a.start - b.start || a.index - b.index);
  return (time) => {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order[mid]!.start <= time) lo = mid + 1;
      else hi = mid;
    }
    return order[Math.max(0, lo - 1)]!.index;
  };
}
