// A real HTTP server answering a viewer link's public endpoints the way the Verbatim server does
// (`GET /live/view/<token>/session` → LiveViewJson, `GET /live/view/<token>/events` → Server-Sent Events, 404 JSON for an
// unknown token), driven by the test: for the caption screen's stream and page without the whole server.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveViewJson } from '@verbatim/core/api';

export class CaptionViewServer {
  /** The sessions by viewer token; a token not here answers 404. */
  readonly views = new Map<string, LiveViewJson>();
  readonly #streams = new Map<string, Set<ServerResponse>>();
  readonly #waiters: { token: string; resolve: () => void }[] = [];
  /** How many times each endpoint was asked for, by token. */
  readonly requests: { path: string; token: string }[] = [];
  readonly url: string;
  readonly #server: ReturnType<typeof createServer>;

  private constructor(server: ReturnType<typeof createServer>) {
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  static async start(): Promise<CaptionViewServer> {
    let self: CaptionViewServer | undefined;
    const server = createServer((req, res) => self!.#handle(req, res));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    self = new CaptionViewServer(server);
    return self;
  }

  /** Open event streams of `token`. */
  connections(token: string): number {
    return this.#streams.get(token)?.size ?? 0;
  }

  /** Resolves once an event stream of `token` is open (at once when one is). */
  connected(token: string): Promise<void> {
    if (this.connections(token) > 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ token, resolve }));
  }

  /** Sends an event to every open stream of `token`. */
  send(token: string, event: string, data: unknown): void {
    for (const res of this.#streams.get(token) ?? []) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Cuts every open stream of `token` (a dropped connection). */
  drop(token: string): void {
    for (const res of this.#streams.get(token) ?? []) res.socket?.destroy();
    this.#streams.get(token)?.clear();
  }

  async close(): Promise<void> {
    for (const token of this.#streams.keys()) this.drop(token);
    this.#server.closeAllConnections();
    await new Promise<void>((done) => this.#server.close(() => done()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const match = /^\/live\/view\/([^/]+)\/(session|events)$/.exec(new URL(req.url ?? '/', this.url).pathname);
    if (!match) return void res.writeHead(404).end();
    const token = decodeURIComponent(match[1]!);
    const path = match[2]!;
    this.requests.push({ path, token });
    const view = this.views.get(token);
    if (view === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: { code: 'not-found', message: 'No caption link with this token: it was revoked or never existed.' } }));
    }
    if (path === 'session') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(view));
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(': connected\n\n');
    const streams = this.#streams.get(token) ?? new Set();
    this.#streams.set(token, streams);
    streams.add(res);
    res.on('close', () => streams.delete(res));
    for (const waiter of this.#waiters.filter((w) => w.token === token)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}
