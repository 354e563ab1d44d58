import { graphemeLength, graphemes } from './graphemes.ts';
import type { Segment, Transcript } from './transcript.ts';
import { TranscriptError } from './TranscriptError.ts';
import { validateTranscript } from './validateTranscript.ts';

/** How {@link buildSubtitleCues} (and so `toSrt`/`toVtt`) cuts a transcript into cues. */
export interface SubtitleOptions {
  /** Most characters (user-perceived ones) on a line. Default 42. */
  maxLineLength?: number;
  /** Most lines in a cue. Default 2. */
  maxLines?: number;
  /** Longest cue in seconds. Default 7. */
  maxDuration?: number;
  /** Cues shorter than this (seconds) are lengthened into the silence after them, never into the next cue. Default 0.8. */
  minDuration?: number;
  /**
   * Reading speed: a cue with more characters than this many per second of its time is lengthened into the silence
   * after it (never into the next cue), as `minDuration` is. Default 20.
   */
  maxCharsPerSecond?: number;
}

/** One subtitle: its lines and when it shows. Times are whole milliseconds, in seconds. */
export interface SubtitleCue {
  start: number;
  end: number;
  lines: string[];
  speaker?: string;
}

interface Token {
  text: string;
  length: number;
  start: number;
  end: number;
}

interface Draft {
  tokens: Token[];
  start: number;
  end: number;
  speaker: string | undefined;
}

/**
 * Cuts a transcript into subtitle cues built from its words. Each cue has at most `maxLines` lines of at most
 * `maxLineLength` characters (a longer word is split across lines), lasts at most `maxDuration`, and never spans two
 * segments. Punctuated text reads by sentences: a sentence end (. ? !) ends its cue, and a cue that fills up breaks
 * after its last sentence end, else its last comma, when that lies in its second half. A cue is given at least the
 * time its text takes to read (`maxCharsPerSecond`) where the silence after it allows. Cues come out in order, never
 * overlap, and always end after they start: an overlap is cut at the next cue's start, and a cue that would start
 * before the previous one ends starts when it ends.
 *
 * @example
 * for (const cue of buildSubtitleCues(t, { maxLineLength: 32 })) console.log(cue.lines.join(' / '));
 */
export function buildSubtitleCues(t: Transcript, options: SubtitleOptions = {}): SubtitleCue[] {
  validateTranscript(t);
  const maxLineLength = option(options.maxLineLength, 42, 'maxLineLength', true);
  const maxLines = option(options.maxLines, 2, 'maxLines', true);
  const maxMs = Math.round(option(options.maxDuration, 7, 'maxDuration', false) * 1000);
  const minMs = Math.round(option(options.minDuration, 0.8, 'minDuration', false, true) * 1000);
  const maxCps = option(options.maxCharsPerSecond, 20, 'maxCharsPerSecond', false);
  if (maxMs < 1) throw new TranscriptError('invalid-option', 'Subtitles: `maxDuration` must be at least 0.001 seconds.');

  const drafts = t.segments.flatMap((s) => draftCues(s, maxLineLength, maxLines, maxMs / 1000));
  const durationMs = Math.round(t.duration * 1000);
  const cues: SubtitleCue[] = [];
  let previousEnd = 0;
  drafts.forEach((draft, i) => {
    const next = drafts[i + 1];
    const nextStart = next === undefined ? undefined : Math.round(next.start * 1000);
    const start = Math.max(Math.round(draft.start * 1000), previousEnd);
    let end = Math.max(Math.round(draft.end * 1000), start);
    if (nextStart !== undefined && nextStart > start) end = Math.min(end, nextStart);
    const readMs = Math.max(minMs, Math.round((1000 * textLength(draft.tokens)) / maxCps));
    if (end - start < readMs) end = Math.max(end, Math.min(start + readMs, nextStart ?? durationMs));
    end = Math.min(end, start + maxMs);
    if (end <= start) end = start + 1;
    previousEnd = end;
    const cue: SubtitleCue = { start: start / 1000, end: end / 1000, lines: layout(draft.tokens, maxLineLength) };
    if (draft.speaker !== undefined) cue.speaker = draft.speaker;
    cues.push(cue);
  });
  return cues;
}

// Greedy: a cue takes words until the next would break the line budget or the duration limit, or a sentence ends.
// A full cue hands the words after its last sentence end (else its last comma), when in its second half, to the next.
function draftCues(segment: Segment, maxLineLength: number, maxLines: number, maxDuration: number): Draft[] {
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  const open = (carried: Token[]): Draft => {
    const draft: Draft = { tokens: [], start: Infinity, end: -Infinity, speaker: segment.speaker };
    drafts.push(draft);
    for (const t of carried) add(draft, t);
    return draft;
  };
  for (const token of segment.words.flatMap((w) => tokens(w.text, w.start, w.end, maxLineLength))) {
    if (current !== undefined) {
      const fits = wrap([...current.tokens, token], maxLineLength).length <= maxLines;
      const tooLong = Math.max(current.end, token.end) - current.start > maxDuration;
      if (tooLong || !fits) {
        const carried = carryAfterBreak(current, maxDuration);
        current = open(carried);
        if (wrap([...current.tokens, token], maxLineLength).length > maxLines || Math.max(current.end, token.end) - current.start > maxDuration) current = open([]);
      }
    }
    current ??= open([]);
    add(current, token);
    if (SENTENCE_END.test(token.text)) current = undefined;
  }
  return drafts;
}

const SENTENCE_END = /[.!?…]["'”’)\]»]*$/u;
const CLAUSE_END = /[,;:]["'”’)\]»]*$/u;

function add(draft: Draft, token: Token): void {
  draft.tokens.push(token);
  draft.start = Math.min(draft.start, token.start);
  draft.end = Math.max(draft.end, token.end);
}

// Takes the tokens after the cue's last sentence end (else clause end) out of it, if that mark is in its second half.
function carryAfterBreak(draft: Draft, maxDuration: number): Token[] {
  const n = draft.tokens.length;
  for (const mark of [SENTENCE_END, CLAUSE_END]) {
    for (let i = n - 2; i >= Math.floor(n / 2) && i >= 0; i--) {
      if (!mark.test(draft.tokens[i]!.text)) continue;
      const carried = draft.tokens.splice(i + 1);
      if (carried[carried.length - 1]!.end - carried[0]!.start > maxDuration) {
        draft.tokens.push(...carried);
        return [];
      }
      draft.start = Math.min(...draft.tokens.map((t) => t.start));
      draft.end = Math.max(...draft.tokens.map((t) => t.end));
      return carried;
    }
  }
  return [];
}

function textLength(tokens: readonly Token[]): number {
  return tokens.reduce((sum, t) => sum + t.length, 0) + Math.max(0, tokens.length - 1);
}

// A word longer than a line becomes line-sized pieces sharing its time in proportion to their length.
function tokens(raw: string, start: number, end: number, maxLineLength: number): Token[] {
  const text = raw.replace(/\s+/gu, ' ').trim();
  if (text === '') return [];
  const length = graphemeLength(text);
  if (length <= maxLineLength) return [{ text, length, start, end }];
  const chars = graphemes(text);
  const pieces: Token[] = [];
  for (let at = 0; at < chars.length; at += maxLineLength) {
    const piece = chars.slice(at, at + maxLineLength);
    pieces.push({
      text: piece.join(''),
      length: piece.length,
      start: start + ((end - start) * at) / chars.length,
      end: start + ((end - start) * (at + piece.length)) / chars.length,
    });
  }
  return pieces;
}

// Same number of lines as greedy filling needs, at the narrowest width that allows it, so lines come out balanced.
function layout(tokens: readonly Token[], maxLineLength: number): string[] {
  const needed = wrap(tokens, maxLineLength).length;
  let width = Math.max(...tokens.map((t) => t.length));
  while (wrap(tokens, width).length > needed) width += 1;
  return wrap(tokens, width);
}

function wrap(tokens: readonly Token[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let length = 0;
  for (const t of tokens) {
    if (line !== '' && length + 1 + t.length <= width) {
      line += ` ${t.text}`;
      length += 1 + t.length;
    } else {
      if (line !== '') lines.push(line);
      line = t.text;
      length = t.length;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function option(value: number | undefined, fallback: number, name: string, integer: boolean, zeroOk = false): number {
  if (value === undefined) return fallback;
  const ok = Number.isFinite(value) && (integer ? Number.isInteger(value) && value >= 1 : zeroOk ? value >= 0 : value > 0);
  if (!ok) {
    const rule = integer ? 'a whole number of at least 1' : zeroOk ? 'a finite number of at least 0' : 'a finite number above 0';
    throw new TranscriptError('invalid-option', `Subtitles: \`${name}\` must be ${rule} (got ${value}).`);
  }
  return value;
}
