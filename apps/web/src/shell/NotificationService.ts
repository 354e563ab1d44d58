import { Emitter } from '../platform/Emitter.ts';

/** A message shown in the corner of the workbench. */
export interface Notification {
  id: number;
  kind: 'info' | 'error';
  message: string;
}

const INFO_MS = 5000;
const MAX_SHOWN = 5;

/** The workbench's messages: information fades after a few seconds, errors stay until dismissed. */
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
    this.#items = [...this.#items, item].slice(-MAX_SHOWN);
    if (kind === 'info') this.#timers.set(item.id, setTimeout(() => this.dismiss(item.id), INFO_MS));
    this.#onDidChange.fire();
  }

  dismiss(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    const before = this.#items.length;
    this.#items = this.#items.filter((i) => i.id !== id);
    if (this.#items.length !== before) this.#onDidChange.fire();
  }

  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#onDidChange.dispose();
  }
}
