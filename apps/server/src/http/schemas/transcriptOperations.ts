import { z } from 'zod';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS } from '../routes/transcriptExport.ts';
import type { ApiOperation } from './ApiOperation.ts';
import { TranscriptDetailResponse, TranscriptListResponse, TranscriptSearchResponse } from './transcriptSchemas.ts';

/** The transcript routes of `API_OPERATIONS`. */
export const TRANSCRIPT_OPERATIONS: readonly ApiOperation[] = [
  {
    id: 'listTranscripts', method: 'get', path: '/api/projects/:id/transcripts', tag: 'transcripts', auth: true, errors: [400, 404],
    summary: "A project's transcripts, oldest first (any member).",
    success: { status: 200, schema: TranscriptListResponse, description: 'The transcripts.' },
  },
  {
    id: 'searchTranscripts', method: 'get', path: '/api/projects/:id/search', tag: 'transcripts', auth: true, errors: [400, 404],
    query: { q: { schema: z.string().min(1).max(200), description: 'The text to find, case-insensitively.', required: true } },
    errorText: { 400: 'Bad request: a project id that cannot exist, or q missing, empty or over 200 characters.' },
    summary: "Case-insensitive search for ?q= in the current text of the project's transcripts (any member).",
    success: { status: 200, schema: TranscriptSearchResponse, description: 'At most 100 hits.' },
  },
  {
    id: 'getTranscript', method: 'get', path: '/api/transcripts/:id', tag: 'transcripts', auth: true, errors: [400, 404],
    query: { turns: { schema: z.enum(['0', '1']).default('1'), description: '0: the record only, without reading the document (what an editor that syncs the document itself needs).' } },
    errorText: { 400: 'Bad request: a transcript id that cannot exist, or turns other than 0 or 1.' },
    summary: 'A transcript: its record (media, model id, version and hash) and its current turns and words, corrections included.',
    success: { status: 200, schema: TranscriptDetailResponse, description: 'The transcript.' },
  },
  {
    id: 'deleteTranscript', method: 'delete', path: '/api/transcripts/:id', tag: 'transcripts', auth: true, errors: [400, 403, 404],
    summary:
      'Delete a transcript (owners) with its document, edits, reviews and plugin records; its recording and other transcripts stay. Open collaboration rooms of it can no longer store anything, and every route of it answers 404.',
    success: { status: 204, description: 'Deleted.' },
  },
  {
    id: 'exportTranscript', method: 'get', path: '/api/transcripts/:id/export', tag: 'transcripts', auth: true, errors: [400, 404],
    query: { format: { schema: z.enum(EXPORT_FORMATS).default('txt'), description: 'The file format.' } },
    errorText: { 400: 'Bad request: a transcript id that cannot exist, or an unknown format.' },
    summary: 'The transcript as it reads now, as a download: ?format=txt (default), srt, vtt, json or docx.',
    success: { status: 200, media: Object.values(EXPORT_CONTENT_TYPES), description: 'The file, with a Content-Disposition file name.' },
  },
];
