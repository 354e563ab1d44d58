import { Emitter } from '../platform/Emitter.ts';

/** A message shown in the corner of the workbench. */
export interface Notification {
  id: number;
  kind: 'info' | 'error';
  message: string;
}

/** How long a message stays, in ms, unless the pointer rests on it: information briefly, errors long enough to read. */
export const NOTIFICATION_MS: Readonly<Record<Notification['kind'], number>> = { info: 5000, error: 10_000 };
const MAX_SHOWN = 5;

/**
 * The workbench's messages: each fades after a while (errors stay twice as long), never while the pointer rests on
 * it ({@link hold}), and closes at once when dismissed.
 */
export class NotificationService {
  #items: Notification[] = [];
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;

  get items(): readonly Notification[] {
    return this.#items;
  }

  notify(kind: 'info' | 'error', message: string): void {
    const item = { id: this.#next++, kind, message };
    // the same message again (a retrying connection) replaces the old one instead of piling up
    const same = this.#items.find((i) => i.kind === kind && i.message === message);
    if (same) this.dismiss(same.id);
    const kept = [...this.#items, item];
    for (const dropped of kept.slice(0, -MAX_SHOWN)) this.#clearTimer(dropped.id);
    this.#items = kept.slice(-MAX_SHOWN);
    this.#startTimer(item);
    this.#onDidChange.fire();
  }

  /** Keeps a message while the pointer rests on it (its time starts again on {@link release}). */
  hold(id: number): void {
    this.#clearTimer(id);
  }

  /** Lets a held message fade again, after its full time. */
  release(id: number): void {
    const item = this.#items.find((i) => i.id === id);
    if (item && !this.#timers.has(id)) this.#startTimer(item);
  }

  dismiss(id: number): void {
    this.#clearTimer(id);
    const before = this.#items.length;
    this.#items = this.#items.filter((i) => i.id !== id);
    if (this.#items.length !== before) this.#onDidChange.fire();
  }

  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#onDidChange.dispose();
  }

  #startTimer(item: Notification): void {
    this.#timers.set(item.id, setTimeout(() => this.dismiss(item.id), NOTIFICATION_MS[item.kind]));
  }

  #clearTimer(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }
}
