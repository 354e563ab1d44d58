import { type Disposable, toDisposable } from './Disposable.ts';

/** A subscription function: `onDidChange(listener)` returns the disposable that unsubscribes. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/** Private emitter, public `event` (VS Code's convention: `readonly onDidX = this.#onDidX.event`). */
export class Emitter<T> {
  #listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.#listeners.add(listener);
    return toDisposable(() => this.#listeners.delete(listener));
  };

  fire(value: T): void {
    for (const l of [...this.#listeners]) l(value);
  }

  dispose(): void {
    this.#listeners.clear();
  }
}
