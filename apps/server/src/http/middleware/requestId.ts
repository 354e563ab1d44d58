import type { Context, MiddlewareHandler } from 'hono';
import { requestId as honoRequestId } from 'hono/request-id';
import type { AppEnv } from '../AppEnv.ts';

/** Options of {@link requestId}. */
export interface RequestIdOptions {
  /** Header read from the request and written on the response (default `x-request-id`). */
  readonly header?: string;
  /** Makes an id when the request brings none or an unusable one (default `crypto.randomUUID()`). */
  readonly generate?: () => string;
}

// A proxy's id is echoed only when it is short plain text, so it cannot smuggle anything into headers or logs.
const SANE_ID = /^[\w.:+=/-]{1,128}$/;

/**
 * Hono's `requestId` with this API's rule for the caller's id: every request gets an id, the caller's
 * `x-request-id` when it is sane (1-128 characters of letters, digits and `_.:+=/-`, a little wider than Hono's
 * default so proxies' `host:n` ids survive), otherwise a fresh UUID. It is put on the context as `requestId` (for
 * logs and error messages) and sent back in the same header, error responses included.
 *
 * @example
 * app.use(requestId());
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler<AppEnv> {
  const header = options.header ?? 'x-request-id';
  const generate = options.generate ?? (() => crypto.randomUUID());
  return honoRequestId({
    headerName: header,
    limitLength: 128,
    // Hono's own check refused the id (it allows only word characters, `-` and `=`): ours may still take it
    generator: (c: Context) => {
      const given = c.req.header(header);
      return given !== undefined && SANE_ID.test(given) ? given : generate();
    },
  });
}
