import type { LiveSessionJson, LiveViewerLinkJson } from '@verbatim/core/api';

/** A refusal or failure of the live API, said in words, with the CLI's exit code (1: the server refused; 2: usage). */
export class LiveApiError extends Error {
  override name = 'LiveApiError';
  readonly exitCode: number;

  constructor(exitCode: number, message: string) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** The REST calls `verbatim live` makes: start, read and stop a live session, with an API token. */
export class LiveApi {
  readonly server: string;
  readonly #token: string;
  readonly #signal: AbortSignal | undefined;

  constructor(server: string, token: string, signal?: AbortSignal) {
    this.server = server.replace(/\/+$/, '');
    this.#token = token;
    this.#signal = signal;
  }

  /** `POST /api/projects/:id/live-sessions`. */
  start(projectId: string, body: { title: string; model?: string }): Promise<LiveSessionJson> {
    return this.#call('POST', `/api/projects/${projectId}/live-sessions`, body, 'start a live session in this project');
  }

  /** `GET /api/live-sessions/:id`. */
  get(sessionId: string): Promise<LiveSessionJson> {
    return this.#call('GET', `/api/live-sessions/${sessionId}`, undefined, 'read the live session');
  }

  /** `POST /api/live-sessions/:id/viewer-link`: a new read-only link to the session's caption screen. */
  viewerLink(sessionId: string): Promise<LiveViewerLinkJson> {
    return this.#call('POST', `/api/live-sessions/${sessionId}/viewer-link`, undefined, 'make a viewer link');
  }

  /** `POST /api/live-sessions/:id/stop` (not cancelled by the signal: a Ctrl-C still stops the session). */
  stop(sessionId: string, retranscribe: boolean): Promise<LiveSessionJson> {
    return this.#call('POST', `/api/live-sessions/${sessionId}/stop`, { retranscribe }, 'stop the live session', false);
  }

  /** The audio WebSocket's URL. */
  audioUrl(sessionId: string): string {
    return `${this.server.replace(/^http/i, 'ws')}/live/${sessionId}/audio`;
  }

  /** The headers that authenticate a request or the WebSocket upgrade. */
  get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.#token}` };
  }

  async #call<T>(method: string, path: string, body: unknown, what: string, cancellable = true): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.server}${path}`, {
        method,
        headers: { ...this.headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        ...(cancellable && this.#signal && { signal: this.#signal }),
      });
    } catch (error) {
      if (cancellable && this.#signal?.aborted) throw error;
      const cause = (error as Error).cause;
      throw new LiveApiError(1, `cannot reach ${this.server}: ${cause instanceof Error ? cause.message : (error as Error).message}`);
    }
    if (response.ok) return (await response.json()) as T;
    throw new LiveApiError(1, await refusal(response, what));
  }
}

/** What the server said, with a hint for the refusals a user can act on. */
async function refusal(response: Response, what: string): Promise<string> {
  const text = await response.text().catch(() => '');
  let code: string | undefined;
  let message: string | undefined;
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    code = body.error?.code;
    message = body.error?.message;
  } catch {
    // not JSON: the status says it
  }
  const said = message ?? (text.slice(0, 200) || response.statusText);
  const hint =
    response.status === 401
      ? ' (check --token or $VERBATIM_TOKEN: the token is unknown, expired or revoked)'
      : response.status === 403
        ? ' (live captions need an editor or owner of the project, and an API token with the transcribe scope)'
        : response.status === 404
          ? ' (check the project id: the token\'s account may not be a member)'
          : '';
  return `cannot ${what}: ${response.status}${code === undefined ? '' : ` ${code}`}: ${said}${hint}`;
}
