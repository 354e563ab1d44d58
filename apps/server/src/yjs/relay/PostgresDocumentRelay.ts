import pg from 'pg';
import type { Logger } from '../../http/Logger.ts';
import { Emitter, type Disposable, type Event } from '../../queue/Emitter.ts';
import type { DocumentRelay, DocumentRelayListener } from './DocumentRelay.ts';

/** The PostgreSQL channel the collaboration relay listens and notifies on. */
export const YJS_RELAY_CHANNEL = 'verbatim_yjs';

/**
 * Largest NOTIFY payload the relay sends, in bytes: PostgreSQL refuses more than 8000, and a presence update carried
 * inline (base64) is dropped past this (a cursor is renewed every 15 s; a state that large is refused anyway).
 */
export const MAX_RELAY_PAYLOAD_BYTES = 7000;

/** Options of {@link PostgresDocumentRelay}. */
export interface PostgresDocumentRelayOptions {
  /** `application_name` of the relay's connection, as `pg_stat_activity` shows it (default `verbatim-yjs-relay`). */
  readonly applicationName?: string;
  /** What its log lines call it (default `collaboration relay`; the live captions' relay reuses this class). */
  readonly label?: string;
  /** The channel (default {@link YJS_RELAY_CHANNEL}; tests give their own). */
  readonly channel?: string;
  readonly logger?: Logger;
  /** Wait before the first reconnection attempt (default 100 ms), doubled after each failed one up to the maximum. */
  readonly reconnectDelayMs?: number;
  /** Longest wait between reconnection attempts (default 5 s). */
  readonly maxReconnectDelayMs?: number;
  /**
   * The connection is asked a trivial query this often (default 15 s) and dropped (then reconnected) when it does not
   * answer within `heartbeatTimeoutMs` (default 5 s): a database host that vanished without closing the connection
   * would otherwise leave the relay deaf, waiting on TCP, for many minutes.
   */
  readonly heartbeatIntervalMs?: number;
  readonly heartbeatTimeoutMs?: number;
}

/**
 * The {@link DocumentRelay} of server processes sharing a PostgreSQL database: LISTEN/NOTIFY on `verbatim_yjs`
 * over one dedicated connection per process (the database both stores and fans out; there is no relay of our own).
 * A stored update is announced as `<transcriptId> <rowId>` (the others read the row): `DocumentStore.append` sends
 * it through its own connection inside the transaction that stores the row, so it is heard exactly when the row can
 * be read, whoever wrote it and in whatever transaction ({@link publishUpdate} is for other writers). A presence
 * update travels inline as `<transcriptId> a <base64> [<owner account>]`, dropped when the payload would exceed
 * {@link MAX_RELAY_PAYLOAD_BYTES}.
 *
 * What this relay publishes waits for the end of the current turn of the event loop and goes out in one statement (a
 * transcript's several row ids in that turn as the last one): the stores are synchronous, so whatever transaction
 * stored a row has committed by then, and the event loop never waits on the relay. The process's own notifications
 * are ignored (the backend pid says whose they are). When the connection drops, or stops answering its heartbeat, it
 * reconnects with backoff (100 ms doubling to 5 s); notifications sent meanwhile are lost, so each time it listens
 * again (and when it first does) every subscriber is told to `resync` (read what it lacks from the database).
 *
 * @example
 * const relay = new PostgresDocumentRelay(url, { logger });
 * const subscription = relay.subscribe(id, { update: (rowId) => catchUp(rowId), awareness: (u, owner) => apply(u, owner) });
 * relay.publishAwareness(id, awarenessUpdate, peer.userId);
 */
export class PostgresDocumentRelay implements DocumentRelay {
  readonly #url: string;
  readonly #channel: string;
  readonly #applicationName: string;
  readonly #label: string;
  readonly #logger: Logger | undefined;
  readonly #firstDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #heartbeatIntervalMs: number;
  readonly #heartbeatTimeoutMs: number;
  readonly #listeners = new Map<string, Set<DocumentRelayListener>>();
  /** Row ids to announce at the end of this turn, the highest per transcript. */
  readonly #updates = new Map<string, number>();
  /** Presence payloads to send at the end of this turn, in order. */
  #awareness: string[] = [];
  #flushing = false;
  #client: pg.Client | undefined;
  #connected = false;
  #connectedOnce = false;
  #delayMs: number;
  #timer: NodeJS.Timeout | undefined;
  #disposed = false;
  #inFlight: Promise<unknown> = Promise.resolve();
  readonly #onDidConnect = new Emitter<{ reconnected: boolean }>();

  /** Fires each time the relay listens again on a fresh connection (`reconnected` after a drop). */
  readonly onDidConnect: Event<{ reconnected: boolean }> = this.#onDidConnect.event;

  /** Connects in the background (and keeps trying while the database cannot be reached). */
  constructor(url: string, options: PostgresDocumentRelayOptions = {}) {
    this.#url = url;
    this.#channel = options.channel ?? YJS_RELAY_CHANNEL;
    if (!/^[a-z_][a-z0-9_]*$/u.test(this.#channel)) throw new Error(`Not a channel name: ${this.#channel}`);
    this.#applicationName = options.applicationName ?? 'verbatim-yjs-relay';
    this.#label = options.label ?? 'collaboration relay';
    this.#logger = options.logger;
    this.#firstDelayMs = options.reconnectDelayMs ?? 100;
    this.#maxDelayMs = options.maxReconnectDelayMs ?? 5000;
    this.#delayMs = this.#firstDelayMs;
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs ?? 15_000;
    this.#heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 5000;
    this.#connect();
  }

  /** True while the relay listens (messages published now reach the other processes). */
  get connected(): boolean {
    return this.#connected;
  }

  /** The backend pid of the relay's connection while connected (to drop it in tests, as a failure would). */
  get backendPid(): number | undefined {
    return this.#connected ? (this.#client as unknown as { processID: number | null }).processID ?? undefined : undefined;
  }

  /** Resolves once the relay listens (at once when it does now). */
  ready(): Promise<void> {
    if (this.#connected) return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = this.onDidConnect(() => {
        subscription.dispose();
        resolve();
      });
    });
  }

  publishUpdate(transcriptId: string, rowId: number): void {
    if (this.#disposed) return;
    const previous = this.#updates.get(transcriptId);
    if (previous === undefined || rowId > previous) this.#updates.set(transcriptId, rowId);
    this.#scheduleFlush();
  }

  publishAwareness(transcriptId: string, update: Uint8Array, owner?: string): void {
    if (this.#disposed) return;
    const encoded = Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('base64');
    // an owner with a space (no account id has one) is left out rather than break the payload
    const payload = `${transcriptId} a ${encoded}${owner !== undefined && !owner.includes(' ') ? ` ${owner}` : ''}`;
    if (payload.length > MAX_RELAY_PAYLOAD_BYTES) {
      this.#logger?.warn({ transcriptId, bytes: update.byteLength }, 'a presence update too large for the collaboration relay was not sent to the other processes');
      return;
    }
    this.#awareness.push(payload);
    this.#scheduleFlush();
  }

  subscribe(transcriptId: string, listener: DocumentRelayListener): Disposable {
    const listeners = this.#listeners.get(transcriptId) ?? new Set();
    this.#listeners.set(transcriptId, listeners);
    // a wrapper per subscription, so the same listener subscribed twice is two subscriptions
    const entry: DocumentRelayListener = {
      update: (rowId) => listener.update(rowId),
      awareness: (update, owner) => listener.awareness(update, owner),
      resync: () => listener.resync?.(),
    };
    listeners.add(entry);
    return {
      dispose: () => {
        listeners.delete(entry);
        if (listeners.size === 0 && this.#listeners.get(transcriptId) === listeners) this.#listeners.delete(transcriptId);
      },
    };
  }

  /** Sends what is waiting, then closes the connection; later calls publish nothing. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#flush();
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#listeners.clear();
    this.#onDidConnect.dispose();
    const client = this.#client;
    this.#client = undefined;
    this.#connected = false;
    if (client === undefined) return;
    // a server that stopped answering would hold the shutdown forever: it gets 2 s, then the socket is cut
    let cut: NodeJS.Timeout | undefined;
    const stuck = new Promise<void>((resolve) => {
      cut = setTimeout(() => {
        destroySocket(client);
        resolve();
      }, 2000);
      cut.unref();
    });
    await Promise.race([this.#inFlight.then(() => client.end()).catch(() => {}), stuck]);
    clearTimeout(cut);
  }

  #connect(): void {
    if (this.#disposed) return;
    const client = new pg.Client({ connectionString: this.#url, application_name: this.#applicationName, keepAlive: true });
    this.#client = client;
    let dropped = false;
    let heartbeat: NodeJS.Timeout | undefined;
    const drop = (error?: unknown) => {
      if (dropped) return;
      dropped = true;
      clearInterval(heartbeat);
      if (this.#client === client) {
        this.#client = undefined;
        this.#connected = false;
      }
      // a connection that stopped answering would not answer a goodbye either
      destroySocket(client);
      client.end().catch(() => {});
      if (this.#disposed) return;
      this.#logger?.warn({ err: String(error ?? 'connection ended'), retryInMs: this.#delayMs }, `the ${this.#label} lost its database connection; reconnecting`);
      this.#timer = setTimeout(() => this.#connect(), this.#delayMs);
      this.#timer.unref();
      this.#delayMs = Math.min(this.#maxDelayMs, this.#delayMs * 2);
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (message) => {
      // its own announcements come back to the connection that sent them
      if (message.channel !== this.#channel || message.processId === (client as unknown as { processID: number | null }).processID) return;
      this.#receive(message.payload ?? '');
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${this.#channel}`))
      .then(
        () => {
          if (dropped) return;
          if (this.#disposed) {
            client.end().catch(() => {});
            return;
          }
          this.#connected = true;
          this.#delayMs = this.#firstDelayMs;
          heartbeat = setInterval(() => {
            const silent = setTimeout(() => drop(new Error(`no answer within ${this.#heartbeatTimeoutMs} ms`)), this.#heartbeatTimeoutMs);
            silent.unref();
            client.query('SELECT 1').then(
              () => clearTimeout(silent),
              (error: unknown) => {
                clearTimeout(silent);
                drop(error);
              },
            );
          }, this.#heartbeatIntervalMs);
          heartbeat.unref();
          const reconnected = this.#connectedOnce;
          this.#connectedOnce = true;
          if (reconnected) this.#logger?.info({}, `the ${this.#label} is connected again`);
          this.#onDidConnect.fire({ reconnected });
          // rooms opened before the first connection, too, may have missed something
          this.#each(undefined, (listener) => listener.resync?.());
          this.#flush();
        },
        (error: unknown) => drop(error),
      );
  }

  #receive(payload: string): void {
    const [transcriptId = '', kind = '', data, owner] = payload.split(' ');
    if (data === undefined && /^[0-9]{1,15}$/u.test(kind)) {
      const rowId = Number(kind);
      this.#each(transcriptId, (listener) => listener.update(rowId));
    } else if (kind === 'a' && data !== undefined) {
      const update = new Uint8Array(Buffer.from(data, 'base64'));
      this.#each(transcriptId, (listener) => listener.awareness(update, owner));
    }
    // anything else is not ours to read
  }

  // every listener of the transcript (of every transcript when undefined); one that throws does not stop the others
  #each(transcriptId: string | undefined, call: (listener: DocumentRelayListener) => void): void {
    const sets = transcriptId === undefined ? [...this.#listeners.values()] : [this.#listeners.get(transcriptId) ?? new Set<DocumentRelayListener>()];
    for (const listeners of sets) {
      for (const listener of [...listeners]) {
        try {
          call(listener);
        } catch (error) {
          this.#logger?.error({ transcriptId, err: String(error) }, 'a collaboration room failed to apply a message of another process');
        }
      }
    }
  }

  #scheduleFlush(): void {
    if (this.#flushing) return;
    this.#flushing = true;
    // after the current synchronous work: the transaction that stored the row has committed by then
    queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    this.#flushing = false;
    const payloads = [...[...this.#updates].map(([id, rowId]) => `${id} ${rowId}`), ...this.#awareness];
    this.#updates.clear();
    this.#awareness = [];
    const client = this.#client;
    // disconnected: lost, as notifications to a dropped listener are; `resync` on reconnection announces the rows
    if (payloads.length === 0 || client === undefined || !this.#connected || this.#disposed) return;
    this.#inFlight = client
      .query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS p(payload, n) ORDER BY n', [this.#channel, payloads])
      .catch((error: unknown) => this.#logger?.warn({ err: String(error), messages: payloads.length }, `the ${this.#label} could not send its messages`));
  }
}

// pg has no public way to cut a connection without the goodbye it may never get an answer to
function destroySocket(client: pg.Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
