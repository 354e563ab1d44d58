import { MediaError } from './MediaError.ts';

/** What the server accepts of one uploaded recording, decided from its header before decoding it. */
export interface MediaLimits {
  /** Longest accepted recording, in seconds (`--max-duration` / `VERBATIM_MAX_DURATION`). */
  readonly maxDurationSeconds: number;
  /**
   * Largest accepted expansion: the bytes of the audio decoded to 16 kHz 16-bit mono (what the server makes of every
   * file, 32 000 bytes a second) over the bytes of the file (`--max-expansion` / `VERBATIM_MAX_EXPANSION`). Speech
   * codecs at their lowest bit rates reach about 50 (Opus at 6 kbit/s: 43); a FLAC of long digital silence reaches
   * tens of thousands.
   */
  readonly maxExpansion: number;
}

/** 6 hours (interviews, talks, a day of a conference track) and 1000×. */
export const DEFAULT_MEDIA_LIMITS: MediaLimits = Object.freeze({ maxDurationSeconds: 6 * 3600, maxExpansion: 1000 });

/** Bytes of one second of audio as the server decodes it: 16 kHz, 16-bit, mono. */
export const DECODED_BYTES_PER_SECOND = 32_000;

/**
 * Refuses a file by the length its header (or its container, as ffmpeg reads it) states, before it is decoded.
 * Nothing is checked when the length is unknown: decoding stops at {@link decodeLimitSeconds} instead.
 *
 * @throws {MediaError} `audio-too-long`, `expansion-too-high`.
 */
export function checkStatedLength(seconds: number | undefined, fileBytes: number, limits: MediaLimits, displayName: string): void {
  if (seconds === undefined || !Number.isFinite(seconds)) return;
  if (seconds > limits.maxDurationSeconds) {
    throw new MediaError(
      'audio-too-long',
      `"${displayName}" was refused: its header says it holds ${formatDuration(seconds)} of audio, and this server accepts recordings of up to ${formatDuration(limits.maxDurationSeconds)}. Split it into shorter files.`,
    );
  }
  const expansion = (seconds * DECODED_BYTES_PER_SECOND) / fileBytes;
  if (expansion > limits.maxExpansion) {
    throw new MediaError(
      'expansion-too-high',
      `"${displayName}" was refused: its header says its ${formatBytes(fileBytes)} hold ${formatDuration(seconds)} of audio, ${Math.round(expansion).toLocaleString('en-US')} times their size once decoded; this server accepts at most ${limits.maxExpansion} times. Recordings never compress that far (long digital silence does).`,
    );
  }
}

/** The most audio, in seconds, that decoding a file of `fileBytes` may produce before it is stopped and refused. */
export function decodeLimitSeconds(fileBytes: number, limits: MediaLimits): number {
  return Math.min(limits.maxDurationSeconds, (limits.maxExpansion * fileBytes) / DECODED_BYTES_PER_SECOND);
}

/**
 * The error for a file whose decoding went past {@link decodeLimitSeconds}: its header did not state its length, or
 * stated less than it holds.
 */
export function decodedTooLong(fileBytes: number, limits: MediaLimits, displayName: string): MediaError {
  const limit = decodeLimitSeconds(fileBytes, limits);
  if (limit >= limits.maxDurationSeconds) {
    return new MediaError(
      'audio-too-long',
      `"${displayName}" was refused: it decodes to more than ${formatDuration(limits.maxDurationSeconds)} of audio, the longest recording this server accepts. Split it into shorter files.`,
    );
  }
  return new MediaError(
    'expansion-too-high',
    `"${displayName}" was refused: its ${formatBytes(fileBytes)} decode to more than ${formatDuration(limit)} of audio, over ${limits.maxExpansion} times their size; recordings never compress that far (long digital silence does).`,
  );
}

/** "6 h", "1 h 30 min", "12 min 5 s", "2.5 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(1))} s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const min = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return min > 0 ? `${h} h ${min} min` : `${h} h`;
  return s > 0 ? `${min} min ${s} s` : `${min} min`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
