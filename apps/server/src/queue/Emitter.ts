/** Something to undo: a subscription, a registration. */
export interface Disposable {
  dispose(): void;
}

/** Subscribe with a listener; dispose the result to unsubscribe. */
export type Event<T> = (listener: (event: T) => void) => Disposable;

/**
 * Private side of an event: the owner keeps the emitter and exposes `emitter.event`. A listener that throws
 * does not stop the others; its error goes to `onListenerError` (default `console.error`).
 */
export class Emitter<T> {
  readonly #listeners = new Set<{ listener: (event: T) => void }>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = (error) => console.error(error)) {
    this.#onListenerError = onListenerError;
  }

  readonly event: Event<T> = (listener) => {
    // a wrapper per subscription, so the same function subscribed twice is two subscriptions
    const entry = { listener };
    this.#listeners.add(entry);
    return { dispose: () => void this.#listeners.delete(entry) };
  };

  fire(event: T): void {
    for (const entry of [...this.#listeners]) {
      try {
        entry.listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  /** Drops every listener. */
  dispose(): void {
    this.#listeners.clear();
  }
}
