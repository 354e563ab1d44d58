import { graphemeLength } from './graphemes.ts';
import type { Segment, Word } from './transcript.ts';
import { TranscriptError } from './TranscriptError.ts';
import { checkWord } from './validateTranscript.ts';

/** Where {@link segmentWords} breaks a word list into segments. */
export interface SegmentWordsOptions {
  /** A silence longer than this (seconds, from one word's end to the next word's start) starts a new segment. Default 0.8. */
  maxPause?: number;
  /** Longest segment in seconds, first word's start to last word's end. Default 30. */
  maxDuration?: number;
  /** Most characters in a segment's text, spaces included. Default 400. */
  maxChars?: number;
  /** Speaker put on every segment made. */
  speaker?: string;
}

const SENTENCE_END = /[.!?…。！？]["'”’)\]»]*$/u;
// in punctuated text, a pause inside a sentence starts a paragraph only when this many times `maxPause`
const MID_SENTENCE_PAUSES = 3;

/**
 * Groups a flat word list into segments (paragraphs) at pauses longer than `maxPause` and before a segment would grow
 * past `maxDuration` or `maxChars`. In punctuated text (any word ends a sentence) a pause inside a sentence breaks
 * only when it is longer than three times `maxPause`. When a limit forces a break, the segment ends after its last sentence-ending word
 * if that word lies in its second half, so paragraphs end on full stops where they can.
 *
 * The result is a pure function of the input: every word appears exactly once, in the order given (the same
 * objects, not copies). A single word longer than a limit gets a segment of its own.
 *
 * @example
 * const segments = segmentWords(words, { maxPause: 1 });
 */
export function segmentWords(words: readonly Word[], options: SegmentWordsOptions = {}): Segment[] {
  const maxPause = limit(options.maxPause, 0.8, 'maxPause', (v) => v >= 0, 'of at least 0');
  const maxDuration = limit(options.maxDuration, 30, 'maxDuration', (v) => v > 0, 'above 0');
  const maxChars = limit(options.maxChars, 400, 'maxChars', (v) => v >= 1, 'of at least 1');
  words.forEach((w, i) => checkWord(w, `word ${i}`));

  const segments: Segment[] = [];
  let current: Word[] = [];
  let chars = 0;
  let start = 0;
  let end = 0;
  const close = (count: number): void => {
    segments.push(makeSegment(current.slice(0, count), options.speaker));
    current = current.slice(count);
    chars = textLength(current);
    start = minStart(current);
    end = maxEnd(current);
  };

  // punctuated text reads by sentences: a pause inside a sentence (a breath, a hesitation) does not start a paragraph
  // unless it is long; text without any sentence end is cut at every pause as before
  const punctuated = words.some((w) => SENTENCE_END.test(w.text.trim()));
  for (const w of words) {
    const pause = w.start - end;
    const atSentenceEnd = !punctuated || SENTENCE_END.test(current[current.length - 1]?.text.trim() ?? '');
    if (current.length > 0 && pause > maxPause && (atSentenceEnd || pause > MID_SENTENCE_PAUSES * maxPause)) close(current.length);
    const length = graphemeLength(w.text.trim());
    while (current.length > 0 && (Math.max(end, w.end) - Math.min(start, w.start) > maxDuration || chars + 1 + length > maxChars)) {
      close(sentenceBreak(current) ?? current.length);
    }
    chars = current.length === 0 ? length : chars + 1 + length;
    start = current.length === 0 ? w.start : Math.min(start, w.start);
    end = current.length === 0 ? w.end : Math.max(end, w.end);
    current.push(w);
  }
  if (current.length > 0) close(current.length);
  return segments;
}

// How many words to keep when a limit forces a break: up to the last sentence end in the second half, if any.
function sentenceBreak(words: readonly Word[]): number | undefined {
  for (let i = words.length - 2; i >= Math.floor((words.length - 1) / 2); i--) {
    if (SENTENCE_END.test(words[i]!.text.trim())) return i + 1;
  }
  return undefined;
}

function makeSegment(words: Word[], speaker: string | undefined): Segment {
  const segment: Segment = { start: minStart(words), end: maxEnd(words), words };
  if (speaker !== undefined) segment.speaker = speaker;
  return segment;
}

function minStart(words: readonly Word[]): number {
  let start = Infinity;
  for (const w of words) start = Math.min(start, w.start);
  return start;
}

function maxEnd(words: readonly Word[]): number {
  let end = 0;
  for (const w of words) end = Math.max(end, w.end);
  return end;
}

function textLength(words: readonly Word[]): number {
  return words.reduce((n, w, i) => n + (i > 0 ? 1 : 0) + graphemeLength(w.text.trim()), 0);
}

function limit(value: number | undefined, fallback: number, name: string, ok: (v: number) => boolean, rule: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && ok(value))) {
    throw new TranscriptError('invalid-option', `segmentWords: \`${name}\` must be a finite number ${rule} (got ${value}).`);
  }
  return value;
}
