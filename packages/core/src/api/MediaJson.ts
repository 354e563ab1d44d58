import { z } from 'zod';

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

/** {@link MediaJson} as it is on the wire. */
export type MediaJson = z.infer<typeof MediaJson>;
