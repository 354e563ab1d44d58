import { MediaJson, MediaListResponse, UploadMediaResponse, WaveformPeaksJson } from '../../media/mediaSchemas.ts';
import type { ApiOperation } from './ApiOperation.ts';

/** The media routes of `API_OPERATIONS`. */
export const MEDIA_OPERATIONS: readonly ApiOperation[] = [
  {
    id: 'listMedia', method: 'get', path: '/api/projects/:id/media', tag: 'media', auth: true, errors: [400, 404],
    summary: "A project's uploaded files, newest first (any member).",
    success: { status: 200, schema: MediaListResponse, description: 'The media.' },
  },
  {
    id: 'uploadMedia', method: 'post', path: '/api/projects/:id/media', tag: 'media', auth: true, upload: true, errors: [400, 403, 404, 413, 415],
    errorText: {
      400: 'Bad request: a malformed or truncated multipart body, no "file" part, too many parts, an empty file, a file whose content is corrupt (invalid-audio), or a cut-off file whose header promises more than it holds (truncated-file).',
      413: 'file-too-large: a file is larger than the configured upload limit (--upload-limit / VERBATIM_UPLOAD_LIMIT, 2 GiB unless configured); audio-too-long: its audio is longer than --max-duration (6 h unless configured); expansion-too-high: it would decode to more than --max-expansion (1000) times its size as 16 kHz 16-bit mono, as decompression bombs do. Decided from the header before decoding where it states the length, else as soon as decoding passes the limit; nothing of the request is kept.',
      415: 'not-multipart: the request is not multipart/form-data with a boundary; or unsupported-format: a file\'s bytes are not audio or video this server reads (its name and declared type are ignored).',
    },
    summary:
      'Upload audio or video files as multipart/form-data, one "file" part per file (editors and above). Streamed to disk; ' +
      'each file at most the configured upload limit (413); the type is decided by content, not name (415); empty, ' +
      'truncated or corrupt files are 400. All files of a request are stored, or none.',
    success: { status: 201, schema: UploadMediaResponse, description: 'The created media, in the order of the file parts.' },
  },
  {
    id: 'getMedia', method: 'get', path: '/api/media/:id', tag: 'media', auth: true, errors: [400, 404],
    summary: 'One uploaded file (members of its project).',
    success: { status: 200, schema: MediaJson, description: 'The media record.' },
  },
  {
    id: 'getMediaAudio', method: 'get', path: '/api/media/:id/audio', tag: 'media', auth: true, errors: [400, 404, 416],
    errorText: { 416: 'The Range lies outside the file; Content-Range gives its size.' },
    summary: 'The stored file, with its content type; supports Range requests (206 with Content-Range, 416 outside the file).',
    success: { status: 200, alsoStatus: 206, media: ['audio/*', 'video/*'], description: 'The bytes (206: the requested range).' },
  },
  {
    id: 'getMediaPeaks', method: 'get', path: '/api/media/:id/peaks', tag: 'media', auth: true, errors: [400, 404],
    summary:
      'Waveform peaks in BBC audiowaveform JSON (version 2, 8-bit, mono; divide by 128 for [-1, 1]); with ?format=dat or Accept: ' +
      'application/vnd.audiowaveform.dat, the same peaks in audiowaveform\'s binary layout (2 bytes a pixel). At most 2^19 pixels: ' +
      'longer recordings get more samples per pixel.',
    success: { status: 200, schema: WaveformPeaksJson, description: 'The peaks.' },
  },
  {
    id: 'deleteMedia', method: 'delete', path: '/api/media/:id', tag: 'media', auth: true, errors: [400, 403, 404],
    summary:
      'Delete a recording (owners) with every transcript made from it (edits and reviews included), in one transaction; its audio and peaks files go after the commit when no other media uses the same bytes, and its queued or running jobs are cancelled.',
    success: { status: 204, description: 'Deleted.' },
  },
];
