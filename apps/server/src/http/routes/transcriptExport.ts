import {
  toDocx,
  toJson,
  toSrt,
  toTxt,
  toVtt,
  type ModelProvenance,
  type PluginProvenance,
  type Segment,
  type Transcript,
  type Word,
} from '@verbatim/core';
import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import type { TranscriptDocTurn, TranscriptDocWord } from '@verbatim/core/document';

/** The formats a transcript exports to. */
export const EXPORT_FORMATS = ['txt', 'srt', 'vtt', 'json', 'docx'] as const;

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The Content-Type each format is served with. */
export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = Object.freeze({
  txt: 'text/plain; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  json: 'application/json; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
});

/** What an export needs besides the document's turns. */
export interface TranscriptExportSource {
  readonly turns: readonly TranscriptDocTurn[];
  readonly model: ModelProvenance;
  /** The plugins that touched the transcript (default none). */
  readonly plugins?: readonly PluginProvenance[];
  /** Length of the audio in seconds. */
  readonly duration: number;
  /** Shown as the DOCX title. */
  readonly title: string;
  readonly createdAt: number;
  /** The recogniser's own words, kept beside the document: what it had heard where a person changed a word. */
  readonly original?: readonly Segment[];
  /** Display names of the people who reviewed words, by account id. */
  readonly people?: ReadonlyMap<string, string>;
}

/** True when `value` names an {@link ExportFormat}. */
export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * The transcript as it reads now (the document's turns, corrections included) in `format`: one segment per turn,
 * with the turn's speaker and the words' current timing and confidence. Formats that carry provenance (JSON) name
 * the model and the plugins, and say of every word who wrote it (`origin`), whether a person checked or wrote it
 * (`reviewed`: by, at, accept or correct) and, where a person changed it, what the recogniser had heard there and how
 * sure it was (`original`); a word a person wrote has confidence 1.
 */
export async function renderTranscriptExport(source: TranscriptExportSource, format: ExportFormat): Promise<string | Uint8Array> {
  const heard = originalWords(source.original ?? []);
  const people = source.people ?? new Map<string, string>();
  const transcript: Transcript = {
    // the model's language is not recorded with the transcript: undetermined, as BCP 47 spells it
    language: 'und',
    duration: source.turns.reduce((longest, turn) => turn.words.reduce((end, word) => Math.max(end, word.end), longest), source.duration),
    segments: source.turns
      .filter((turn) => turn.words.length > 0)
      .map((turn) => ({
        speaker: turn.speaker,
        start: Math.min(turn.start, turn.words[0]!.start),
        end: turn.words.reduce((end, word) => Math.max(end, word.end), turn.start),
        words: turn.words.map((word) => exportWord(word, heard, people)),
      })),
    model: source.model,
    plugins: (source.plugins ?? []).map((p) => ({ id: p.id, version: p.version })),
    createdAt: new Date(source.createdAt).toISOString(),
  };
  switch (format) {
    case 'txt':
      return toTxt(transcript);
    case 'srt':
      return toSrt(transcript);
    case 'vtt':
      return toVtt(transcript);
    case 'json':
      return toJson(transcript);
    case 'docx':
      return toDocx(transcript, { title: source.title });
  }
}

/** The display names of the accounts that reviewed words of `turns`, by id (accounts since deleted are left out). */
export function reviewerNames(db: SqlDatabase, turns: readonly TranscriptDocTurn[]): Map<string, string> {
  const ids = new Set(turns.flatMap((turn) => turn.words.flatMap((word) => (word.reviewedBy === undefined ? [] : [word.reviewedBy]))));
  const names = new Map<string, string>();
  const lookup = db.prepare<[string], { display_name: string }>('SELECT display_name FROM users WHERE id = ?');
  for (const id of ids) {
    const row = lookup.get(id);
    if (row !== undefined) names.set(id, row.display_name);
  }
  return names;
}

// the recogniser's words sorted by start, for the ones within a span
function originalWords(segments: readonly Segment[]): Word[] {
  return segments.flatMap((segment) => segment.words).sort((a, b) => a.start - b.start);
}

// a word as exported: who wrote it, who checked it, and what the recogniser had heard where a person changed it
function exportWord(word: TranscriptDocWord, heard: readonly Word[], people: ReadonlyMap<string, string>): Word {
  const human = word.origin === 'human';
  const out: Word = { text: word.text, start: word.start, end: word.end, confidence: human ? 1 : word.confidence, origin: word.origin };
  if (word.reviewed) {
    const name = word.reviewedBy === undefined ? undefined : people.get(word.reviewedBy);
    out.reviewed = {
      ...(word.reviewedBy !== undefined && { by: word.reviewedBy }),
      ...(name !== undefined && { byName: name }),
      ...(word.reviewedAt !== undefined && { at: new Date(word.reviewedAt).toISOString() }),
      action: human ? 'correct' : 'accept',
    };
  }
  if (human) {
    const within = overlapping(heard, word.start, word.end);
    if (within.length > 0) {
      out.original = { text: within.map((w) => w.text).join(' '), confidence: Math.min(...within.map((w) => w.confidence)) };
    }
  }
  return out;
}

// words of `sorted` whose time overlaps [start, end] (a word typed in a gap only touches its neighbours: none)
function overlapping(sorted: readonly Word[], start: number, end: number): Word[] {
  const EPSILON = 1e-6;
  let lo = 0;
  let hi = sorted.length;
  // skip the words that end before `start` (a recogniser's words follow each other, so their ends grow too)
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.end < start - EPSILON) lo = mid + 1;
    else hi = mid;
  }
  const out: Word[] = [];
  for (let i = Math.max(0, lo - 1); i < sorted.length && sorted[i]!.start < end + EPSILON; i++) {
    const w = sorted[i]!;
    const overlaps = w.start < end - EPSILON && w.end > start + EPSILON;
    const inside = w.start >= start - EPSILON && w.end <= end + EPSILON;
    if (overlaps || inside) out.push(w);
  }
  return out;
}

/**
 * A `Content-Disposition: attachment` value for `<base>.<format>`: an ASCII `filename` for old clients and the
 * exact name as RFC 8187 `filename*`.
 */
export function exportDisposition(base: string, format: ExportFormat): string {
  const name = `${base.trim() || 'transcript'}.${format}`;
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
