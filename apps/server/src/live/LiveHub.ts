import type { CaptionJson, LiveServerMessage } from '@verbatim/core/api';
import type { LiveSessionStore } from './LiveSessionStore.ts';

/** What a {@link LiveHub} fans out: captions (partial and final) and the session's end. */
export type LiveHubMessage = Extract<LiveServerMessage, { type: 'caption' | 'ended' }>;

/** Options of {@link LiveHub}. */
export interface LiveHubOptions {
  /** Told about a listener that threw (the other listeners still get the message). */
  readonly onListenerError?: (error: unknown) => void;
}

/**
 * The fan-out of live sessions: every caption of a session (partial and final, finals already stored) and its
 * `ended` go to every subscriber of that session (the audio source's socket, the viewers' event streams) in
 * the order they were published. Subscribers must not block: a slow one buffers (and drops) on its own side.
 *
 * @example
 * const unsubscribe = hub.subscribe(sessionId, (message) => stream.write(message));
 * hub.recentFinals(sessionId, 3); // what a screen opened mid-talk shows first
 */
export class LiveHub {
  readonly #store: Pick<LiveSessionStore, 'recentFinals'>;
  readonly #listeners = new Map<string, Set<(message: LiveHubMessage) => void>>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(store: Pick<LiveSessionStore, 'recentFinals'>, options: LiveHubOptions = {}) {
    this.#store = store;
    this.#onListenerError = options.onListenerError ?? ((error) => console.error(error));
  }

  /** Calls `listener` with each message of the session from now on; returns the unsubscribe function. */
  subscribe(sessionId: string, listener: (message: LiveHubMessage) => void): () => void {
    let set = this.#listeners.get(sessionId);
    if (set === undefined) this.#listeners.set(sessionId, (set = new Set()));
    // a wrapper per subscription, so the same function subscribed twice is two subscriptions
    const entry = (message: LiveHubMessage) => listener(message);
    set.add(entry);
    return () => {
      const current = this.#listeners.get(sessionId);
      if (current === undefined) return;
      current.delete(entry);
      if (current.size === 0) this.#listeners.delete(sessionId);
    };
  }

  /** Sends `message` to every subscriber of the session. */
  publish(sessionId: string, message: LiveHubMessage): void {
    for (const listener of [...(this.#listeners.get(sessionId) ?? [])]) {
      try {
        listener(message);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  /** Subscribers of a session now. */
  subscribers(sessionId: string): number {
    return this.#listeners.get(sessionId)?.size ?? 0;
  }

  /** The last `n` final captions of the session (stored ones: they survive a restart). */
  recentFinals(sessionId: string, n: number): CaptionJson[] {
    return this.#store.recentFinals(sessionId, n);
  }
}
