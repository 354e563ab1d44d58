import type { CommandRegistry } from './CommandRegistry.ts';
import { type Disposable, toDisposable } from './Disposable.ts';
import { Emitter } from './Emitter.ts';
import { chordOf, type KeyChord, normalizeChord } from './keys.ts';

const STORAGE_KEY = 'verbatim.keybindings';

/**
 * Keys -> commands. Defaults come from each command's `keybinding`/`alternativeKeybindings`; a user's rebinding
 * (a foot pedal sends F-keys) replaces a command's keys and is kept in localStorage. One window keydown listener
 * (capture phase) runs the command and stops the key from reaching the editor.
 */
export class KeybindingService implements Disposable {
  readonly #commands: CommandRegistry;
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  #overrides: Record<string, KeyChord[]>;
  // open suspensions (palette, key recorder); keys reach the page while any is held
  #suspensions = 0;
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;

  constructor(commands: CommandRegistry, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage) {
    this.#commands = commands;
    this.#storage = storage;
    this.#overrides = readOverrides(storage);
  }

  /** The keys bound to a command now (user's if rebound, else the defaults). */
  keysFor(commandId: string): KeyChord[] {
    const own = this.#overrides[commandId];
    if (own) return own;
    const c = this.#commands.get(commandId);
    return [c?.keybinding, ...(c?.alternativeKeybindings ?? [])].flatMap((k) => (k ? [normalizeChord(k) ?? k] : []));
  }

  /** Whether the user rebound this command (so its keys are not the defaults). */
  isRebound(commandId: string): boolean {
    return this.#overrides[commandId] !== undefined;
  }

  /** The command a chord runs, if any (a user's binding wins over a default one). */
  resolve(chord: KeyChord): string | undefined {
    for (const [id, keys] of Object.entries(this.#overrides)) if (keys.includes(chord)) return id;
    for (const c of this.#commands.list()) {
      if (this.#overrides[c.id]) continue;
      if (this.keysFor(c.id).includes(chord)) return c.id;
    }
    return undefined;
  }

  /** Binds `keys` to a command (replacing its keys), or resets it to its defaults with `undefined`. */
  rebind(commandId: string, keys: string[] | undefined): void {
    if (keys === undefined) delete this.#overrides[commandId];
    else {
      const chords = keys.map((k) => normalizeChord(k));
      if (chords.some((c) => c === undefined)) throw new Error(`cannot read the key binding ${keys.join(', ')}`);
      this.#overrides[commandId] = chords as KeyChord[];
    }
    this.#storage?.setItem(STORAGE_KEY, JSON.stringify(this.#overrides));
    this.#onDidChange.fire();
  }

  /**
   * Stops `listen` from running commands until the returned disposable is disposed: the command palette and the
   * Keyboard Shortcuts recorder read keys themselves (Escape closes the palette, F8 becomes a new binding).
   */
  suspend(): Disposable {
    this.#suspensions++;
    return toDisposable(() => void this.#suspensions--);
  }

  /** Whether `listen` is suspended now. */
  get suspended(): boolean {
    return this.#suspensions > 0;
  }

  /** Starts listening on `target` (the window); the returned disposable stops. */
  listen(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): Disposable {
    const onKey = (e: KeyboardEvent) => {
      if (this.#suspensions > 0 || e.isComposing) return;
      const chord = chordOf(e);
      if (!chord || leaveToField(e, chord)) return;
      const id = this.resolve(chord);
      const command = id ? this.#commands.get(id) : undefined;
      if (!command || (command.when && !command.when()) || (command.keybindingWhen && !command.keybindingWhen())) return;
      e.preventDefault();
      e.stopPropagation();
      void this.#commands.execute(command.id);
    };
    target.addEventListener('keydown', onKey as EventListener, { capture: true });
    return toDisposable(() => target.removeEventListener('keydown', onKey as EventListener, { capture: true }));
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}

/**
 * Whether a key belongs to the form field it was typed in: Escape, Enter, letters and the like pressed in an input,
 * textarea or select go to the field (Escape clears a search box there, not the player); F-keys (foot pedals) and
 * Ctrl/Alt chords still run commands everywhere. The transcript editor is contenteditable, not a field, so
 * oTranscribe's Escape works while typing there.
 */
function leaveToField(e: KeyboardEvent, chord: string): boolean {
  const target = e.target as { tagName?: unknown } | null;
  const tag = typeof target?.tagName === 'string' ? target.tagName : '';
  if (tag !== 'INPUT' && tag !== 'TEXTAREA' && tag !== 'SELECT') return false;
  return !(e.ctrlKey || e.metaKey || e.altKey) && !/^(Shift\+)?F\d{1,2}$/.test(chord);
}

function readOverrides(storage: Pick<Storage, 'getItem'> | undefined): Record<string, KeyChord[]> {
  try {
    const parsed = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}') as unknown;
    if (parsed && typeof parsed === 'object') {
      const out: Record<string, KeyChord[]> = {};
      for (const [k, v] of Object.entries(parsed)) if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
      return out;
    }
  } catch {
    // a damaged setting falls back to the defaults
  }
  return {};
}
