import type { TrainingDropReasonJson } from '@verbatim/core/api';
import type { TranscriptDocTurn } from '@verbatim/core/document';
import { mergeSpans } from '../quality/scoreVerifiedSpans.ts';
import type { Alphabet } from './Alphabet.ts';

/** A stretch of verified speech to cut: times in milliseconds of the recording. */
export interface PlannedSegment {
  readonly startMs: number;
  readonly endMs: number;
  readonly speaker: string;
  /** The verified words as written. */
  readonly words: readonly string[];
  /** Normalised to the alphabet. */
  readonly text: string;
}

/** A stretch left out, and why. */
export interface PlannedDrop {
  readonly reason: TrainingDropReasonJson;
  readonly startMs: number;
  readonly endMs: number;
  readonly text: string;
  readonly detail: string;
}

/** Options of {@link planSegments}. */
export interface PlanSegmentsOptions {
  readonly minSeconds: number;
  readonly maxSeconds: number;
  readonly alphabet: Alphabet;
  /** The recording's length: cuts stay inside it. */
  readonly recordingSeconds: number;
  /** Silence kept either side of a segment's words when there is room (seconds, default 0.1; never over another word). */
  readonly padSeconds?: number;
}

interface TimedWord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly turn: number;
  readonly verified: boolean;
}

/**
 * The segments of one transcript's verified speech: the current document's words whose middle lies in a (merged)
 * verified span, in runs of consecutive verified words of one turn, each run cut at word gaps (never inside a word)
 * into pieces of `minSeconds`–`maxSeconds` (a cut goes at the widest gap that keeps the piece in bounds). A piece is
 * dropped, with its reason, when its text has characters outside the alphabet or normalises to nothing, when it cannot
 * be brought within bounds (a lone stretch shorter than `minSeconds`, a word longer than `maxSeconds`), or when a word
 * that is not in it (unverified, or another speaker's) overlaps its audio.
 *
 * @example
 * planSegments(readTranscriptTurns(doc), spans.list(id), { minSeconds: 2, maxSeconds: 20, alphabet, recordingSeconds });
 */
export function planSegments(
  turns: readonly TranscriptDocTurn[],
  spans: ReadonlyArray<{ startMs: number; endMs: number; at: number }>,
  options: PlanSegmentsOptions,
): { segments: PlannedSegment[]; dropped: PlannedDrop[] } {
  const merged = mergeSpans(spans);
  const isVerified = (start: number, end: number) => {
    const mid = ((start + end) / 2) * 1000;
    // the last merged span starting at or before mid
    const i = upperBound(merged, mid, (span) => span.startMs) - 1;
    return i >= 0 && mid <= merged[i]!.endMs;
  };
  const byTurn: TimedWord[][] = turns.map((turn, index) =>
    turn.words.map((w) => ({ text: w.text, start: w.start, end: w.end, turn: index, verified: isVerified(w.start, w.end) })),
  );
  const all = new WordIndex(byTurn.flat());
  const segments: PlannedSegment[] = [];
  const dropped: PlannedDrop[] = [];
  turns.forEach((turn, index) => {
    const words = byTurn[index]!;
    // runs of consecutive verified words
    let run: TimedWord[] = [];
    const flush = () => {
      if (run.length > 0) cutRun(run, turn.speaker, all, options, segments, dropped);
      run = [];
    };
    for (const word of words) {
      if (word.verified) run.push(word);
      else flush();
    }
    flush();
  });
  segments.sort((a, b) => a.startMs - b.startMs);
  return { segments, dropped };
}

/** The words sorted by start, to find those near a time without a scan of them all. */
class WordIndex {
  readonly #words: TimedWord[];
  readonly #longest: number;

  constructor(words: TimedWord[]) {
    this.#words = [...words].sort((a, b) => a.start - b.start);
    this.#longest = this.#words.reduce((longest, w) => Math.max(longest, w.end - w.start), 0);
  }

  /** The words that overlap [from, to] or touch it. */
  near(from: number, to: number): TimedWord[] {
    const first = upperBound(this.#words, from - this.#longest - 1e-9, (w) => w.start);
    const out: TimedWord[] = [];
    for (let i = first; i < this.#words.length && this.#words[i]!.start <= to; i += 1) {
      const w = this.#words[i]!;
      if (w.end >= from) out.push(w);
    }
    return out;
  }
}

/** The index of the first item whose key is greater than `value` (items sorted by key). */
function upperBound<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid]!) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cutRun(run: TimedWord[], speaker: string, all: WordIndex, options: PlanSegmentsOptions, segments: PlannedSegment[], dropped: PlannedDrop[]): void {
  const { minSeconds, maxSeconds } = options;
  const length = (from: number, to: number) => run[to]!.end - run[from]!.start;
  let i = 0;
  while (i < run.length) {
    const last = run.length - 1;
    if (length(i, last) <= maxSeconds) {
      take(i, last);
      return;
    }
    // the widest gap after a word that ends a piece within bounds (ties: the longer piece)
    // (first without stranding a tail shorter than minSeconds, if that can be done)
    let best = -1;
    for (const strict of [true, false]) {
      let bestGap = -Infinity;
      for (let j = i; j < last && length(i, j) <= maxSeconds; j += 1) {
        if (length(i, j) < minSeconds || (strict && length(j + 1, last) < minSeconds)) continue;
        const gap = run[j + 1]!.start - run[j]!.end;
        if (gap >= bestGap) {
          best = j;
          bestGap = gap;
        }
      }
      if (best >= 0) break;
    }
    if (best >= 0) {
      take(i, best);
      i = best + 1;
      continue;
    }
    // nothing in bounds from here: the longest piece within maxSeconds (or the one word) is dropped, and the rest goes on
    let j = i;
    while (j < last && length(i, j + 1) <= maxSeconds) j += 1;
    take(i, j);
    i = j + 1;
  }

  function take(from: number, to: number): void {
    const words = run.slice(from, to + 1);
    const first = words[0]!;
    const end = words[words.length - 1]!;
    const written = words.map((w) => w.text).join(' ');
    const wordSpan = end.end - first.start;
    const drop = (reason: TrainingDropReasonJson, detail: string) =>
      dropped.push({ reason, startMs: Math.round(first.start * 1000), endMs: Math.round(end.end * 1000), text: written, detail });
    if (wordSpan > maxSeconds) return void drop('too-long', `${wordSpan.toFixed(2)} s of words without a gap to cut at within ${maxSeconds} s`);
    if (wordSpan < minSeconds) return void drop('too-short', `${wordSpan.toFixed(2)} s, under ${minSeconds} s`);
    const inside = new Set(words);
    const pad = Math.max(0, Math.min(options.padSeconds ?? 0.1, (maxSeconds - wordSpan) / 2));
    const near = all.near(first.start - pad, end.end + pad).filter((w) => !inside.has(w));
    const overlapping = near.filter((w) => w.end > first.start && w.start < end.end);
    const unverified = overlapping.filter((w) => !w.verified);
    if (unverified.length > 0) return void drop('unverified-words', `unverified words in its audio: ${unverified.map((w) => w.text).join(' ')}`);
    if (overlapping.length > 0) return void drop('overlapping-speech', `another turn's words in its audio: ${overlapping.map((w) => w.text).join(' ')}`);
    const normalised = options.alphabet.normalise(written);
    if (!normalised.ok) return void drop('out-of-alphabet', `characters outside the alphabet: ${[...normalised.outside].map((c) => JSON.stringify(c)).join(' ')}`);
    if (normalised.text === '') return void drop('empty-text', 'nothing left after normalisation');
    // a little silence either side where there is room: never over another word, the recording's ends or maxSeconds
    const before = Math.max(0, ...near.filter((w) => w.end <= first.start).map((w) => w.end));
    const after = Math.min(options.recordingSeconds, ...near.filter((w) => w.start >= end.end).map((w) => w.start));
    const start = Math.max(before, first.start - pad, 0);
    const stop = Math.max(Math.min(after, end.end + pad, options.recordingSeconds), start);
    segments.push({ startMs: Math.round(start * 1000), endMs: Math.round(stop * 1000), speaker, words: words.map((w) => w.text), text: normalised.text });
  }
}
