import { toDocx, toJson, toSrt, toTxt, toVtt, type ModelProvenance, type PluginProvenance, type Transcript } from '@verbatim/core';
import type { TranscriptDocTurn } from '../../transcripts/readTranscriptWords.ts';

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
}

/** True when `value` names an {@link ExportFormat}. */
export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * The transcript as it reads now (the document's turns, corrections included) in `format`: one segment per turn,
 * with the turn's speaker and the words' current timing and confidence. Formats that carry provenance (JSON) name
 * the model and the plugins.
 */
export async function renderTranscriptExport(source: TranscriptExportSource, format: ExportFormat): Promise<string | Uint8Array> {
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
        words: turn.words.map((word) => ({ text: word.text, start: word.start, end: word.end, confidence: word.confidence })),
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

/**
 * A `Content-Disposition: attachment` value for `<base>.<format>`: an ASCII `filename` for old clients and the
 * exact name as RFC 8187 `filename*`.
 */
export function exportDisposition(base: string, format: ExportFormat): string {
  const name = `${base.trim() || 'transcript'}.${format}`;
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
