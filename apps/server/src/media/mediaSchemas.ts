import { z } from 'zod';
import { mediaContentType } from './mediaContentType.ts';
import type { MediaRecord } from './MediaStore.ts';

/** An uploaded file as the API shows it. */
export const MediaJson = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  name: z.string().describe('The file name the client sent, sanitised (last path segment, at most 255 characters).'),
  format: z.string().describe('Recognised from the bytes, e.g. "wav", "flac", "mp3", "m4a".'),
  contentType: z.string().describe('The MIME type the audio URL serves it with.'),
  bytes: z.int(),
  durationSeconds: z.number(),
  sampleRate: z.int().describe("The file's own sample rate in Hz (0 when unknown)."),
  channels: z.int().describe('0 when unknown.'),
  sha256: z.string().describe('Hex SHA-256 of the bytes; identical uploads share one stored copy.'),
  createdBy: z.uuid().nullable(),
  createdAt: z.int().describe('Milliseconds since the epoch.'),
  audioUrl: z.string().describe('Streams the file (HTTP Range supported).'),
  peaksUrl: z.string().nullable().describe('The waveform peaks (audiowaveform JSON).'),
});

/** `GET /api/projects/:id/media`, newest first. */
export const MediaListResponse = z.object({ media: z.array(MediaJson) });

/** `POST /api/projects/:id/media`: the records created, in the order of the request's file parts. */
export const UploadMediaResponse = z.object({ media: z.array(MediaJson) });

/** `GET /api/media/:id/peaks`: BBC audiowaveform JSON, version 2, 8-bit, mono. */
export const WaveformPeaksJson = z.object({
  version: z.literal(2),
  channels: z.literal(1),
  sample_rate: z.int(),
  samples_per_pixel: z.int(),
  bits: z.literal(8),
  length: z.int().describe('Number of pixels; data holds 2 × length values.'),
  data: z.array(z.int().min(-128).max(127)).describe('min, max of each pixel, interleaved.'),
});

/** {@link MediaJson} of a record. */
export function toMediaJson(record: MediaRecord): z.infer<typeof MediaJson> {
  return {
    id: record.id,
    projectId: record.projectId,
    name: record.originalName,
    format: record.format,
    contentType: mediaContentType(record.format),
    bytes: record.bytes,
    durationSeconds: record.durationSeconds,
    sampleRate: record.sampleRate,
    channels: record.channels,
    sha256: record.sha256,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    audioUrl: `/api/media/${record.id}/audio`,
    peaksUrl: record.peaksPath === null ? null : `/api/media/${record.id}/peaks`,
  };
}
