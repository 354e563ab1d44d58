import type { CaptionJson, LiveServerMessage } from '@verbatim/core/api';
import { Emitter, type Disposable, type Event } from '../queue/Emitter.ts';
import type { LiveSessionStore } from './LiveSessionStore.ts';
import { NO_LIVE_RELAY, type LiveRelay, type LiveRelayMessage } from './relay/LiveRelay.ts';

/** What a {@link LiveHub} fans out: captions (partial and final) and the session's end. */
export type LiveHubMessage = Extract<LiveServerMessage, { type: 'caption' | 'ended' }>;

/** A request, made through another process, to stop a session this process may hold. */
export interface LiveStopRequest {
  readonly sessionId: string;
  readonly retranscribe: boolean;
}

/** A viewer link replaced or revoked through another process: the screens opened with any other token close. */
export interface LiveRevocation {
  readonly sessionId: string;
  readonly keepTokenHash: string | null;
}

/** Options of {@link LiveHub}. */
export interface LiveHubOptions {
  /** Told about a listener that threw (the other listeners still get the message). */
  readonly onListenerError?: (error: unknown) => void;
  /**
   * The other web processes on the same database (default: none, as on SQLite): their sessions' captions reach this
   * process's subscribers, and this process's partials and ends reach theirs.
   */
  readonly relay?: LiveRelay;
}

/** What the hub reads of the store: the recent finals, and with a relay the finals stored by other processes. */
export type LiveHubStore = Pick<LiveSessionStore, 'recentFinals' | 'finalsAfter' | 'get'>;

interface Relayed {
  subscription: Disposable;
  /** The highest final delivered to this process's subscribers. */
  lastFinal: number;
}

/**
 * The fan-out of live sessions: every caption of a session (partial and final, finals already stored) and its
 * `ended` go to every subscriber of that session (the audio source's socket, the viewers' event streams) in
 * the order they were published. Subscribers must not block: a slow one buffers (and drops) on its own side.
 *
 * With a {@link LiveRelay} (several web processes on PostgreSQL), a session with subscribers here also gets what
 * other processes publish: finals as they are stored (read from the store by number, each delivered once and in
 * order, whoever stored it), partials that are not stale, and `ended`; what this process publishes goes to them
 * (finals through the store's own announcement). Stop requests made through another process reach
 * {@link onDidRequestStop}, and viewer links replaced or revoked there {@link onDidRevoke}, of the processes subscribed
 * to the session.
 *
 * @example
 * const unsubscribe = hub.subscribe(sessionId, (message) => stream.write(message));
 * hub.recentFinals(sessionId, 3); // what a screen opened mid-talk shows first
 */
export class LiveHub {
  readonly #store: LiveHubStore;
  readonly #listeners = new Map<string, Set<(message: LiveHubMessage) => void>>();
  readonly #onListenerError: (error: unknown) => void;
  readonly #relay: LiveRelay;
  readonly #relayed = new Map<string, Relayed>();
  readonly #onDidRequestStop: Emitter<LiveStopRequest>;
  readonly #onDidRevoke: Emitter<LiveRevocation>;

  /** Fires for each stop request another process makes for a session subscribed here (the holder stops it). */
  readonly onDidRequestStop: Event<LiveStopRequest>;
  /** Fires for each viewer link another process replaced or revoked, of a session subscribed here. */
  readonly onDidRevoke: Event<LiveRevocation>;

  constructor(store: LiveHubStore, options: LiveHubOptions = {}) {
    this.#store = store;
    this.#onListenerError = options.onListenerError ?? ((error) => console.error(error));
    this.#relay = options.relay ?? NO_LIVE_RELAY;
    this.#onDidRequestStop = new Emitter(this.#onListenerError);
    this.#onDidRevoke = new Emitter(this.#onListenerError);
    this.onDidRequestStop = this.#onDidRequestStop.event;
    this.onDidRevoke = this.#onDidRevoke.event;
  }

  /** Calls `listener` with each message of the session from now on; returns the unsubscribe function. */
  subscribe(sessionId: string, listener: (message: LiveHubMessage) => void): () => void {
    let set = this.#listeners.get(sessionId);
    if (set === undefined) this.#listeners.set(sessionId, (set = new Set()));
    // a wrapper per subscription, so the same function subscribed twice is two subscriptions
    const entry = (message: LiveHubMessage) => listener(message);
    set.add(entry);
    if (this.#relay !== NO_LIVE_RELAY && !this.#relayed.has(sessionId)) this.#listen(sessionId);
    return () => {
      const current = this.#listeners.get(sessionId);
      if (current === undefined) return;
      current.delete(entry);
      if (current.size > 0) return;
      this.#listeners.delete(sessionId);
      this.#relayed.get(sessionId)?.subscription.dispose();
      this.#relayed.delete(sessionId);
    };
  }

  /** Sends `message` to every subscriber of the session, here and (partials and `ended`) on the other processes. */
  publish(sessionId: string, message: LiveHubMessage): void {
    if (message.type === 'caption' && message.caption.final) {
      const relayed = this.#relayed.get(sessionId);
      if (relayed !== undefined) relayed.lastFinal = Math.max(relayed.lastFinal, message.caption.seq);
    } else {
      this.#relay.publish(sessionId, message);
    }
    this.#deliver(sessionId, message);
  }

  /**
   * Asks the other processes to stop the session (the one holding it does; see {@link onDidRequestStop}); a no-op
   * without a relay.
   */
  requestStop(sessionId: string, retranscribe: boolean): void {
    this.#relay.publish(sessionId, { type: 'stop', retranscribe });
  }


  /** Tells the other processes that the session's viewer link changed: their screens opened with another token close. */
  announceRevocation(sessionId: string, keepTokenHash: string | null): void {
    this.#relay.publish(sessionId, { type: 'revoked', keepTokenHash });
  }


  /** Subscribers of a session now. */
  subscribers(sessionId: string): number {
    return this.#listeners.get(sessionId)?.size ?? 0;
  }

  /** The last `n` final captions of the session (stored ones: they survive a restart). */
  recentFinals(sessionId: string, n: number): CaptionJson[] {
    return this.#store.recentFinals(sessionId, n);
  }

  #deliver(sessionId: string, message: LiveHubMessage): void {
    for (const listener of [...(this.#listeners.get(sessionId) ?? [])]) {
      try {
        listener(message);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  #listen(sessionId: string): void {
    const relayed: Relayed = {
      lastFinal: (this.#store.get(sessionId)?.finals ?? 0) - 1,
      subscription: { dispose() {} },
    };
    // finals stored since `lastFinal`, in order, each once (whoever stored it and however it was announced)
    const catchUp = () => {
      if (this.#relayed.get(sessionId) !== relayed) return;
      for (const caption of this.#store.finalsAfter(sessionId, relayed.lastFinal)) {
        if (caption.seq <= relayed.lastFinal) continue;
        relayed.lastFinal = caption.seq;
        this.#deliver(sessionId, { type: 'caption', caption });
      }
    };
    const onMessage = (message: LiveRelayMessage) => {
      if (message.type === 'stop') {
        this.#onDidRequestStop.fire({ sessionId, retranscribe: message.retranscribe });
        return;
      }
      if (message.type === 'revoked') {
        this.#onDidRevoke.fire({ sessionId, keepTokenHash: message.keepTokenHash });
        return;
      }
      if (message.type === 'ended') {
        catchUp();
        this.#deliver(sessionId, message);
        return;
      }
      // a partial overtaken by its final (stored and announced first) is stale
      if (!message.caption.final && message.caption.seq > relayed.lastFinal) this.#deliver(sessionId, message);
    };
    this.#relayed.set(sessionId, relayed);
    relayed.subscription = this.#relay.subscribe(sessionId, {
      final: (seq) => {
        if (seq > relayed.lastFinal) catchUp();
      },
      message: onMessage,
      resync: () => {
        catchUp();
        // an `ended` sent while the relay was cut off is lost: the state says it
        const session = this.#store.get(sessionId);
        if (session?.state === 'ended' || session?.state === 'failed') this.#deliver(sessionId, { type: 'ended', transcriptId: session.transcriptId });
      },
    });
  }
}
