import { alignWords, type Segment } from '@verbatim/core';
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
 * What counts as human work:
 * - a word of `current` that is reviewed (has a review mark), was typed by a person (origin `human`), or, after
 *   aligning the current words with the original ones by text (`alignWords`), differs from its original word or has
 *   none (an edit or an insertion) — unless a plugin's post-processor wrote it (origin `plugin:<id>`, unreviewed:
 *   that is machine output the fresh run makes again);
 * - an original word that the alignment finds deleted and whose time no current word overlaps (a word a person
 *   merged into its neighbour is covered by the merged word instead).
 *
 * Conflict rules:
 * - Consecutive human items, in document order, form one stretch; its span runs from the earliest start to the
 *   latest end of its words and deleted words. The stretch's words go into the new document unchanged (text,
 *   timing, confidence, origin, review mark), and every fresh word whose midpoint lies within the span is dropped:
 *   the human version wins every overlap, and a deletion stays deleted (its span keeps fresh words out).
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
  const kept = freshWords.filter(({ word }) => {
    const middle = midpoint(word);
    return !stretches.some((stretch) => middle >= stretch.start && middle <= stretch.end);
  });

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
  const ops = alignWords(
    originalWords.map((w) => w.text),
    currentWords.map((w) => w.word.text),
  );
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
  for (const op of ops) {
    if (op.hyp === undefined) {
      const deleted = originalWords[op.ref]!;
      const covered = currentWords.some(({ word }) => word.start < deleted.end && word.end > deleted.start);
      if (covered) continue;
      extend(deleted.start, deleted.end).deletions += 1;
      continue;
    }
    const item = currentWords[op.hyp]!;
    const { word } = item;
    const pluginWord = word.origin.startsWith('plugin:') && !word.reviewed;
    const human = word.reviewed || word.origin === 'human' || (op.op !== 'match' && !pluginWord);
    if (!human) {
      close();
      continue;
    }
    extend(word.start, word.end).words.push(item);
  }
  close();
  return stretches;
}

function carriedWord(word: TranscriptDocWord): CarriedWord {
  const carried: CarriedWord = { text: word.text, start: word.start, end: word.end, confidence: word.confidence, origin: word.origin, carried: true };
  if (word.reviewed && word.reviewedBy !== undefined) carried.review = { by: word.reviewedBy, at: word.reviewedAt ?? 0 };
  return carried;
}

function freshOrigin(origin: WordOrigin | undefined): WordOrigin {
  return typeof origin === 'string' && origin.startsWith('plugin:') ? origin : 'asr';
}

function midpoint(word: { start: number; end: number }): number {
  return (word.start + word.end) / 2;
}

// the index of the current turn whose range [start, next turn's start) holds `time`; before the first: the first
function turnFinder(current: readonly TranscriptDocTurn[]): (time: number) => number {
  const starts = current.map((turn) => turn.words[0]?.start ?? turn.start);
  return (time) => {
    let found = 0;
    for (let index = 0; index < starts.length; index++) if (starts[index]! <= time) found = index;
    return found;
  };
}
