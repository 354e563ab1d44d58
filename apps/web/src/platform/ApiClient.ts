import { Emitter } from './Emitter.ts';

/** An API answer other than 2xx: the server's `{ error: { code, message } }` body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * The server's REST API from the browser: same origin, session cookie, and the CSRF token (from login or GET /api/me)
 * on every state-changing request. See /api/openapi.json for the operations.
 */
export class ApiClient {
  csrfToken: string | undefined;
  readonly #base: string;
  readonly #onDidFailAuthentication = new Emitter<ApiError>();
  /** Fires on every 401 answer (the session ended or was never there): the workbench shows the login. */
  readonly onDidFailAuthentication = this.#onDidFailAuthentication.event;

  constructor(base = '') {
    this.#base = base;
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, undefined, signal);
  }

  /**
   * GETs a binary body (`accept`: the media type asked for) as bytes, with the same session and errors as {@link get}:
   * an answer other than 2xx throws an {@link ApiError} from its JSON error body.
   *
   * @example
   * const dat = await api.getBytes(`/api/media/${id}/peaks?format=dat`, 'application/vnd.audiowaveform.dat');
   */
  async getBytes(path: string, accept = 'application/octet-stream', signal?: AbortSignal): Promise<ArrayBuffer> {
    const res = await fetch(this.#base + path, { headers: { accept }, credentials: 'same-origin', ...(signal ? { signal } : {}) });
    if (!res.ok) {
      const text = await res.text();
      throw this.#failure(res.status, text ? safeJson(text) : undefined, `GET ${path} failed with ${res.status}`);
    }
    return res.arrayBuffer();
  }

  post<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    return this.request<T>('POST', path, body, signal);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T = void>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined && !(body instanceof FormData) && !(body instanceof Blob)) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const res = await fetch(this.#base + path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: body instanceof FormData || body instanceof Blob ? body : JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    const json = text ? safeJson(text) : undefined;
    if (!res.ok) throw this.#failure(res.status, json, `${method} ${path} failed with ${res.status}`);
    return json as T;
  }

  /** The error of an answer other than 2xx, from its `{ error: { code, message } }` body; a 401 is announced first. */
  #failure(status: number, json: unknown, fallback: string): ApiError {
    const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    const error = new ApiError(status, err?.code ?? `http-${status}`, err?.message ?? fallback);
    if (status === 401) this.#onDidFailAuthentication.fire(error);
    return error;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
