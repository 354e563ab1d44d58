import { CaptionJson, LiveViewJson } from '@verbatim/core/api';
import { type Disposable, toDisposable } from '../../../platform/Disposable.ts';

/** The part of the browser's `EventSource` a caption stream uses (so another implementation can stand in outside a browser). */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

/** What a caption stream reports, in order. */
export type CaptionStreamEvent =
  /** `connecting` before the first connection, `open` once the stream flows, `reconnecting` while waiting to retry. */
  | { type: 'connection'; state: 'connecting' | 'open' | 'reconnecting'; retryInMs?: number }
  /** The session as the server describes it now (title, state, recent finals): after every (re)connection. */
  | { type: 'view'; view: LiveViewJson }
  | { type: 'caption'; caption: CaptionJson }
  /** The talk ended (or had already): no more captions will come; the stream is closed. */
  | { type: 'ended' }
  /** The link stopped working: revoked while watching, or unknown (never existed, or revoked before); closed. */
  | { type: 'gone'; reason: 'revoked' | 'not-found'; message: string };

/** Options of {@link openCaptionStream}. */
export interface CaptionStreamOptions {
  /** The server's origin (default: this page's). */
  base?: string;
  fetch?: typeof fetch;
  /** Opens the Server-Sent Events stream (default: the browser's `EventSource`). */
  eventSource?: (url: string) => EventSourceLike;
  /** Waits before successive reconnection attempts; the last repeats (default 1 s, 2 s, 5 s, then every 10 s). */
  retryDelaysMs?: readonly number[];
}

const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000];
export const NOT_FOUND_MESSAGE = 'This caption link was revoked or does not exist. Ask the organisers for a new link.';
export const REVOKED_MESSAGE = 'This caption link was revoked. Ask the organisers for a new link.';

/**
 * Follows the captions of a viewer link (`/live/view/<token>/events`, no account needed) and reports them to
 * `listener`. It reconnects by itself with a growing delay whenever the stream drops, and after every connection
 * reads the session (`/live/view/<token>/session`) so finals missed meanwhile come back (a screen merges them by
 * `seq`). A 404 ends it with `gone`; an ended talk with `ended`. Dispose to stop.
 *
 * @example
 * const stream = openCaptionStream(token, (e) => e.type === 'caption' && show(e.caption));
 * // later
 * stream.dispose();
 */
export function openCaptionStream(token: string, listener: (event: CaptionStreamEvent) => void, options: CaptionStreamOptions = {}): Disposable {
  const base = options.base ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const openEvents = options.eventSource ?? ((url: string) => new EventSource(url) as EventSourceLike);
  const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  const path = `${base}/live/view/${encodeURIComponent(token)}`;
  const abort = new AbortController();
  let source: EventSourceLike | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  const report = (event: CaptionStreamEvent) => {
    if (!stopped) listener(event);
  };
  const stop = () => {
    stopped = true;
    abort.abort();
    source?.close();
    source = undefined;
    if (timer !== undefined) clearTimeout(timer);
  };
  const retry = () => {
    if (stopped) return;
    source?.close();
    source = undefined;
    const retryInMs = delays[Math.min(failures, delays.length - 1)] ?? 1000;
    failures++;
    report({ type: 'connection', state: 'reconnecting', retryInMs });
    timer = setTimeout(connect, retryInMs);
  };

  /** Reads the session: reports it and says whether captions may still come (false: the stream is over). */
  const readSession = async (): Promise<boolean | 'retry'> => {
    let res: Response;
    try {
      res = await doFetch(`${path}/session`, { headers: { accept: 'application/json' }, signal: abort.signal });
    } catch {
      return 'retry';
    }
    if (res.status === 404) {
      report({ type: 'gone', reason: 'not-found', message: (await serverMessage(res)) ?? NOT_FOUND_MESSAGE });
      return false;
    }
    if (!res.ok) return 'retry';
    const view = LiveViewJson.safeParse(await res.json().catch(() => undefined));
    if (!view.success) return 'retry';
    report({ type: 'view', view: view.data });
    if (view.data.state !== 'live') {
      report({ type: 'ended' });
      return false;
    }
    return true;
  };

  const handle = (kind: string, data: string) => {
    const message = parseJson(data);
    const type = kind === 'message' && isRecord(message) && typeof message['type'] === 'string' ? message['type'] : kind;
    if (type === 'caption') {
      const caption = CaptionJson.safeParse(isRecord(message) && 'caption' in message ? message['caption'] : message);
      if (caption.success) report({ type: 'caption', caption: caption.data });
    } else if (type === 'ended') {
      report({ type: 'ended' });
      stop();
    } else if (type === 'revoked') {
      report({ type: 'gone', reason: 'revoked', message: REVOKED_MESSAGE });
      stop();
    }
  };

  function connect() {
    if (stopped) return;
    timer = undefined;
    const events = openEvents(`${path}/events`);
    source = events;
    events.addEventListener('open', () => {
      if (source !== events) return;
      report({ type: 'connection', state: 'open' });
      void readSession().then((more) => {
        if (source !== events) return;
        if (more === false) stop();
        else if (more === true) failures = 0;
      });
    });
    // the browser's own reconnection would not survive a 404 or a revocation, so every drop goes through readSession
    events.addEventListener('error', () => {
      if (source !== events) return;
      events.close();
      source = undefined;
      void readSession().then((more) => (more === false ? stop() : retry()));
    });
    for (const kind of ['caption', 'ended', 'revoked', 'message']) {
      events.addEventListener(kind, (event) => source === events && handle(kind, event.data));
    }
  }

  report({ type: 'connection', state: 'connecting' });
  connect();
  return toDisposable(stop);
}

async function serverMessage(res: Response): Promise<string | undefined> {
  const body = await res.json().catch(() => undefined);
  const message = isRecord(body) && isRecord(body['error']) ? body['error']['message'] : undefined;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
