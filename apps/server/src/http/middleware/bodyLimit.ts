import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';

/** Options of {@link bodyLimit}. */
export interface BodyLimitOptions {
  /** Largest accepted request body, in bytes. */
  readonly maxBytes: number;
}

/**
 * Hono's `bodyLimit` with this API's refusal: 413 `body-too-large` as JSON (through the app's `onError`), and the
 * connection closed. At once when `Content-Length` says so, otherwise while reading, so a chunked body is never
 * held beyond the limit. For small JSON bodies only: the accepted body is buffered (uploads stream to disk through
 * their own route).
 *
 * @example
 * app.use('/api/projects/*', bodyLimit({ maxBytes: 1024 * 1024 }));
 */
export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler<AppEnv> {
  const { maxBytes } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`bodyLimit: maxBytes must be a whole number of bytes, not ${maxBytes}`);
  return honoBodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      // unread, the rest of the body would keep the connection busy; closing it is cheaper than draining it
      c.header('connection', 'close');
      throw new HttpError(413, 'body-too-large', `The request body is larger than ${describeBytes(maxBytes)}, the most this endpoint accepts.`);
    },
  });
}

function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
