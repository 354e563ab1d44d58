import { MediaJson } from '@verbatim/core/api';
import { z } from 'zod';
import { mediaContentType } from './mediaContentType.ts';
import type { MediaRecord } from './MediaStore.ts';

// An uploaded file's record is declared in @verbatim/core/api, for the workbench that reads it too.
export { MediaJson };

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
