import type { CaptionJson } from '@verbatim/core/api';
import type { Disposable } from '../../queue/Emitter.ts';

/**
 * What travels inline between server processes about a live session: a partial caption, the session's end, a
 * request to the process holding the session to stop it (made through another process), and a viewer link replaced
 * or revoked (the screens opened with any other token close).
 */
export type LiveRelayMessage =
  | { readonly type: 'caption'; readonly caption: CaptionJson }
  | { readonly type: 'ended'; readonly transcriptId: string | null }
  | { readonly type: 'stop'; readonly retranscribe: boolean }
  | { readonly type: 'revoked'; readonly keepTokenHash: string | null };

/** What a process hears from the others about one session (see {@link LiveRelay.subscribe}). */
export interface LiveRelayListener {
  /** Final `seq` of the session was stored (by any process, this one included): read the finals not seen yet. */
  final(seq: number): void;
  /** Another process published `message`. */
  message(message: LiveRelayMessage): void;
  /** The relay was cut off for a while, or has just started listening: read what was stored meanwhile. */
  resync(): void;
}

/**
 * Fans live sessions' captions out to the other web processes on one database, so a caption screen on any process
 * sees a session captured by another. Finals are stored first and announced by the store in the storing transaction
 * (the others read them by number); partials, a session's end and stop requests travel inline. On SQLite (one
 * process) it is {@link NO_LIVE_RELAY}; on PostgreSQL, LISTEN/NOTIFY (`PostgresLiveRelay`).
 *
 * @example
 * const subscription = relay.subscribe(sessionId, { final: (seq) => readUpTo(seq), message: deliver, resync: readAll });
 * relay.publish(sessionId, { type: 'caption', caption: partial });
 */
export interface LiveRelay {
  /** Tells the other processes (not this one) `message` about the session; a partial too large to carry is dropped. */
  publish(sessionId: string, message: LiveRelayMessage): void;
  /** Calls back for what the other processes say about the session until disposed. */
  subscribe(sessionId: string, listener: LiveRelayListener): Disposable;
  /** Stops listening and closes the relay's connection. */
  dispose(): Promise<void>;
}

/** The relay of a single process (SQLite): there is no one to tell. */
export const NO_LIVE_RELAY: LiveRelay = Object.freeze({
  publish() {},
  subscribe: () => ({ dispose() {} }),
  dispose: () => Promise.resolve(),
});
