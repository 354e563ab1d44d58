import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';

/** Options of {@link bodyLimit}. */
export interface BodyLimitOptions {
  /** Largest accepted request body, in bytes. */
  readonly maxBytes: number;
}

/**
 * Refuses request bodies over `maxBytes` with 413 `body-too-large`: at once when `Content-Length` says so,
 * otherwise while reading, so a chunked body is never held beyond the limit. For small JSON bodies only: the
 * accepted body is buffered (uploads stream to disk through their own route).
 *
 * @example
 * app.use('/api/projects/*', bodyLimit({ maxBytes: 1024 * 1024 }));
 */
export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler<AppEnv> {
  const { maxBytes } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`bodyLimit: maxBytes must be a whole number of bytes, not ${maxBytes}`);
  const tooLarge = () =>
    new HttpError(413, 'body-too-large', `The request body is larger than ${describeBytes(maxBytes)}, the most this endpoint accepts.`);
  return async function bodyLimitMiddleware(c, next) {
    const body = c.req.raw.body;
    if (body === null) return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > maxBytes) {
      // unread, the rest of the body would keep the connection busy; closing it is cheaper than draining it
      c.header('connection', 'close');
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        c.header('connection', 'close');
        throw tooLarge();
      }
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: new Blob(chunks) });
    return next();
  };
}

function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
