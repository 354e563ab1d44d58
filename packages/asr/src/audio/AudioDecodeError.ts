/** Why an audio file could not be decoded. */
export type AudioDecodeErrorCode =
  /** The file holds no audio at all (0 bytes, or a valid header with no samples). */
  | 'empty'
  /** The file ends before the audio its header announces. */
  | 'truncated'
  /** The bytes are not valid for the format they claim to be. */
  | 'corrupt'
  /** Not an audio format this runtime knows (an image, a text file, an unknown container). */
  | 'unsupported-format'
  /** A container (M4A, AAC, video) that is decoded through ffmpeg, and ffmpeg is not installed. */
  | 'needs-ffmpeg'
  /** The caller's `AbortSignal` fired. */
  | 'aborted';

/**
 * An audio file could not be decoded. `code` says what kind of problem it is; the message says it in words a
 * user understands (it names the format and, where it helps, the byte or second where things went wrong).
 *
 * @example
 * ```ts
 * try { await decodeAudioFile(path) }
 * catch (e) { if (e instanceof AudioDecodeError && e.code === 'needs-ffmpeg') showInstallHint(e.message) }
 * ```
 */
export class AudioDecodeError extends Error {
  override readonly name = 'AudioDecodeError';
  readonly code: AudioDecodeErrorCode;
  /** The detected format (`'wav'`, `'mp3'`, …) when the problem is inside a recognised file. */
  readonly format: string | undefined;

  constructor(code: AudioDecodeErrorCode, message: string, options?: { format?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.format = options?.format;
  }
}

/** The error to throw when `signal` has fired, keeping the signal's reason as the cause. */
export function abortedError(signal: AbortSignal | undefined, format?: string): AudioDecodeError {
  return new AudioDecodeError('aborted', 'Audio decoding was cancelled.', {
    ...(format === undefined ? {} : { format }),
    cause: signal?.reason,
  });
}
