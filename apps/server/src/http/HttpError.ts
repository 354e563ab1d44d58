/** The 4xx/5xx statuses the API answers with on purpose. */
export type HttpErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503 | 507;

/**
 * An error that becomes the JSON response `{ error: { code, message } }` with `status`. Routes throw it for bad
 * requests; the error handler maps the stores' typed errors onto it too. `message` is read by the person who
 * sent the request, so it says what was wrong and, where it helps, what to send instead.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: HttpErrorStatus;
  readonly code: string;
  /** Extra response headers, e.g. `WWW-Authenticate` on a 401. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: HttpErrorStatus, code: string, message: string, options: { headers?: Record<string, string>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.code = code;
    this.headers = options.headers ?? {};
  }
}
