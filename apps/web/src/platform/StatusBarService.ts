import { type Disposable, toDisposable } from './Disposable.ts';
import { Emitter } from './Emitter.ts';

/** One status bar entry ("connected", "3 collaborators", "12 flagged", "00:03:12"). */
export interface StatusItem {
  /** Also its test id: the shell renders it as `data-testid="status-<id>"`. */
  id: string;
  text: string;
  title?: string;
  /** Left side (default) or right side; higher priority sits further out. */
  alignment?: 'left' | 'right';
  priority?: number;
  /** A command to run when clicked. */
  command?: string;
}

/**
 * The status bar's entries: any part of the workbench sets its own and disposes it when it goes away. Setting an id
 * again replaces its entry (so a ticking clock just sets its item again); the earlier disposable then does nothing.
 */
export class StatusBarService {
  #items = new Map<string, StatusItem>();
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;

  set(item: StatusItem): Disposable {
    this.#items.set(item.id, item);
    this.#onDidChange.fire();
    return toDisposable(() => {
      if (this.#items.get(item.id) === item) {
        this.#items.delete(item.id);
        this.#onDidChange.fire();
      }
    });
  }

  /** The entry shown under `id`, if any. */
  get(id: string): StatusItem | undefined {
    return this.#items.get(id);
  }

  items(): StatusItem[] {
    return [...this.#items.values()].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
  }
}
