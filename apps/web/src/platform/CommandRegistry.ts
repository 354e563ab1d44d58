import type { Command } from './Command.ts';
import { type Disposable, toDisposable } from './Disposable.ts';
import { Emitter } from './Emitter.ts';

/** Every command of the workbench by id; registering returns the disposable that removes it. */
export class CommandRegistry {
  #commands = new Map<string, Command>();
  readonly #onDidChange = new Emitter<void>();
  /** Fires when commands are added or removed. */
  readonly onDidChange = this.#onDidChange.event;

  register(command: Command): Disposable {
    if (this.#commands.has(command.id)) throw new Error(`command ${command.id} is already registered`);
    this.#commands.set(command.id, command);
    this.#onDidChange.fire();
    return toDisposable(() => {
      if (this.#commands.get(command.id) === command) {
        this.#commands.delete(command.id);
        this.#onDidChange.fire();
      }
    });
  }

  get(id: string): Command | undefined {
    return this.#commands.get(id);
  }

  /** All commands, by category then title. */
  list(): Command[] {
    return [...this.#commands.values()].sort((a, b) => (a.category ?? '').localeCompare(b.category ?? '') || a.title.localeCompare(b.title));
  }

  /** Runs a command if it exists and is available; returns whether it ran. */
  async execute(id: string): Promise<boolean> {
    const c = this.#commands.get(id);
    if (!c || (c.when && !c.when())) return false;
    await c.run();
    return true;
  }
}
