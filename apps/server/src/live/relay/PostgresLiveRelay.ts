import type { Logger } from '../../http/Logger.ts';
import type { Disposable } from '../../queue/Emitter.ts';
import { MAX_RELAY_PAYLOAD_BYTES, PostgresDocumentRelay } from '../../yjs/relay/PostgresDocumentRelay.ts';
import { LIVE_RELAY_CHANNEL } from './liveRelayChannel.ts';
import type { LiveRelay, LiveRelayListener, LiveRelayMessage } from './LiveRelay.ts';

/** Options of {@link PostgresLiveRelay}. */
export interface PostgresLiveRelayOptions {
  /** The channel (default {@link LIVE_RELAY_CHANNEL}; tests give their own). */
  readonly channel?: string;
  readonly logger?: Logger;
}

/**
 * The {@link LiveRelay} of web processes sharing a PostgreSQL database: LISTEN/NOTIFY on `verbatim_live` over one
 * dedicated connection per process. It is the collaboration relay's connection handling (`PostgresDocumentRelay`:
 * reconnection with backoff, heartbeat, `resync` after a gap, the process's own messages ignored, one statement per
 * turn of the event loop) on its own channel: a stored final is `<sessionId> <seq>`, sent by `LiveSessionStore`
 * inside the transaction that stores it (so it is heard exactly when it can be read, by this process too); inline
 * messages are JSON (base64) in the relay's inline form, a partial whose payload would exceed 7,000 bytes goes
 * without its word timings (the text is what screens show).
 *
 * @example
 * const relay = new PostgresLiveRelay(url, { logger });
 * await relay.ready();
 */
export class PostgresLiveRelay implements LiveRelay {
  readonly #relay: PostgresDocumentRelay;

  /** Connects in the background (and keeps trying while the database cannot be reached). */
  constructor(url: string, options: PostgresLiveRelayOptions = {}) {
    this.#relay = new PostgresDocumentRelay(url, {
      channel: options.channel ?? LIVE_RELAY_CHANNEL,
      applicationName: 'verbatim-live-relay',
      label: 'live-captions relay',
      ...(options.logger && { logger: options.logger }),
    });
  }

  /** True while the relay listens. */
  get connected(): boolean {
    return this.#relay.connected;
  }

  /** Resolves once the relay listens. */
  ready(): Promise<void> {
    return this.#relay.ready();
  }

  publish(sessionId: string, message: LiveRelayMessage): void {
    let json = JSON.stringify(message);
    // base64 grows a payload by a third; the session id and separators take the rest of the margin
    if (message.type === 'caption' && (json.length * 4) / 3 > MAX_RELAY_PAYLOAD_BYTES - 100) json = JSON.stringify({ ...message, caption: { ...message.caption, words: [] } });
    this.#relay.publishAwareness(sessionId, new TextEncoder().encode(json));
  }

  subscribe(sessionId: string, listener: LiveRelayListener): Disposable {
    return this.#relay.subscribe(sessionId, {
      update: (seq) => listener.final(seq),
      awareness: (bytes) => {
        let message: LiveRelayMessage;
        try {
          message = JSON.parse(new TextDecoder().decode(bytes)) as LiveRelayMessage;
        } catch {
          return; // not ours to read
        }
        listener.message(message);
      },
      resync: () => listener.resync(),
    });
  }

  dispose(): Promise<void> {
    return this.#relay.dispose();
  }
}
