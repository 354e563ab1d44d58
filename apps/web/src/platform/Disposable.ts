/** Something to release: a registration, a listener, a connection (VS Code's model). */
export interface Disposable {
  dispose(): void;
}

/** Collects disposables and disposes them together, last added first. */
export class DisposableStore implements Disposable {
  #items: Disposable[] = [];
  #disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.#disposed) item.dispose();
    else this.#items.push(item);
    return item;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const item of this.#items.reverse()) item.dispose();
    this.#items = [];
  }
}

export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return { dispose: () => (done ? undefined : ((done = true), fn())) };
}
