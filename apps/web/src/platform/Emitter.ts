import { type Disposable, toDisposable } from './Disposable.ts';
import { onUnexpectedError } from './onUnexpectedError.ts';

/** A subscription function: `onDidChange(listener)` returns the disposable that unsubscribes. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/** Options of {@link Emitter}. */
export interface EmitterOptions {
  /** Gets what a listener threw; the other listeners run regardless (default {@link onUnexpectedError}). */
  onListenerError?: (error: unknown) => void;
}

/** Private emitter, public `event` (VS Code's convention: `readonly onDidX = this.#onDidX.event`). */
export class Emitter<T> {
  #listeners = new Set<(value: T) => void>();
  readonly #onListenerError: ((error: unknown) => void) | undefined;

  constructor(options: EmitterOptions = {}) {
    this.#onListenerError = options.onListenerError;
  }

  readonly event: Event<T> = (listener) => {
    this.#listeners.add(listener);
    return toDisposable(() => this.#listeners.delete(listener));
  };

  /** Calls every listener; one that throws is reported and does not keep the event from the others. */
  fire(value: T): void {
    for (const l of [...this.#listeners]) {
      try {
        l(value);
      } catch (error) {
        (this.#onListenerError ?? onUnexpectedError)(error);
      }
    }
  }

  dispose(): void {
    this.#listeners.clear();
  }
}
