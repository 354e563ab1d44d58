/** Why an upload or a media request was refused. */
export type MediaErrorCode =
  /** The request is not `multipart/form-data` with a boundary (HTTP 415). */
  | 'not-multipart'
  /** The multipart body is malformed or ends early (400). */
  | 'invalid-multipart'
  /** The request holds no `file` part (400). */
  | 'no-file'
  /** More parts than one request may carry (400). */
  | 'too-many-parts'
  /** A file has no bytes (400). */
  | 'empty-file'
  /** A file is larger than the configured upload limit (413). */
  | 'file-too-large'
  /** The bytes are not audio or video this server reads (415). */
  | 'unsupported-format'
  /** The file claims a format but its content is corrupt (400). */
  | 'invalid-audio'
  /** The file's header promises more than the file holds: a cut-off copy (400). */
  | 'truncated-file'
  /** The audio is longer than the configured maximum duration (413). */
  | 'audio-too-long'
  /** The audio would decode to more than the configured multiple of the file's size: a decompression bomb (413). */
  | 'expansion-too-high'
  /** No media with that id in a project the caller belongs to (404). */
  | 'media-not-found'
  /** The media storage refused the write: the disk is full (ENOSPC), or the object store said no (507). */
  | 'storage-refused'
  /** The object store did not answer or failed for a moment: the upload may be sent again (503). */
  | 'storage-unavailable';

/**
 * A typed error from the media module; `message` is written for the person who sent the file and says what was
 * wrong with it (and, where it helps, what to send instead).
 */
export class MediaError extends Error {
  override readonly name = 'MediaError';
  readonly code: MediaErrorCode;

  constructor(code: MediaErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** The HTTP status each {@link MediaErrorCode} is answered with. */
export const MEDIA_ERROR_STATUS = Object.freeze({
  'not-multipart': 415,
  'invalid-multipart': 400,
  'no-file': 400,
  'too-many-parts': 400,
  'empty-file': 400,
  'file-too-large': 413,
  'unsupported-format': 415,
  'invalid-audio': 400,
  'truncated-file': 400,
  'audio-too-long': 413,
  'expansion-too-high': 413,
  'media-not-found': 404,
  'storage-refused': 507,
  'storage-unavailable': 503,
} as const satisfies Record<MediaErrorCode, 400 | 404 | 413 | 415 | 503 | 507>);
