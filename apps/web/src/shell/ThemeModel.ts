import { type Disposable, toDisposable } from '../platform/Disposable.ts';
import { Emitter } from '../platform/Emitter.ts';

/** The colour theme a person chose: the system's setting (prefers-color-scheme), or always light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

const STORAGE_KEY = 'verbatim.theme';
const LIGHT_QUERY = '(prefers-color-scheme: light)';

/** The choice kept in `storage` ('system' when none or a damaged one). */
export function readThemeChoice(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): ThemeChoice {
  try {
    const stored = storage?.getItem(STORAGE_KEY);
    return (THEME_CHOICES as readonly string[]).includes(stored ?? '') ? (stored as ThemeChoice) : 'system';
  } catch {
    return 'system';
  }
}

/**
 * Applies a choice to the page: `data-theme` on `root` is the theme in force ('light' or 'dark', the stylesheets
 * follow it), `data-theme-choice` what was chosen. For 'system' it follows the system's setting as it changes;
 * dispose to stop following.
 */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement, media: Pick<Window, 'matchMedia'> | undefined = globalThis.window): Disposable {
  root.dataset.themeChoice = choice;
  if (choice !== 'system') {
    root.dataset.theme = choice;
    return toDisposable(() => {});
  }
  const query = media?.matchMedia?.(LIGHT_QUERY);
  const update = () => {
    // a listener of an earlier application (the page's, before sign-in) does nothing once another choice is made
    if (root.dataset.themeChoice === 'system') root.dataset.theme = query?.matches ? 'light' : 'dark';
  };
  update();
  query?.addEventListener('change', update);
  return toDisposable(() => query?.removeEventListener('change', update));
}

/**
 * The workbench's colour theme: the stored choice, applied to the page (and kept while the system's setting changes),
 * changed from Settings. The choice survives a reload; the page applies it before signing in too (see `main.tsx`).
 */
export class ThemeModel implements Disposable {
  #choice: ThemeChoice;
  #applied: Disposable;
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  // none outside a browser (unit tests in Node): the choice is kept, nothing is drawn
  readonly #root: HTMLElement | undefined;
  readonly #onDidChange = new Emitter<ThemeChoice>();
  /** Fires when the choice changes. */
  readonly onDidChange = this.#onDidChange.event;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage, root: HTMLElement | undefined = globalThis.document?.documentElement) {
    this.#storage = storage;
    this.#root = root;
    this.#choice = readThemeChoice(storage);
    this.#applied = root ? applyTheme(this.#choice, root) : toDisposable(() => {});
  }

  get choice(): ThemeChoice {
    return this.#choice;
  }

  setChoice(choice: ThemeChoice): void {
    if (choice === this.#choice) return;
    this.#choice = choice;
    try {
      this.#storage?.setItem(STORAGE_KEY, choice);
    } catch {
      // without storage the choice lasts until the page reloads
    }
    this.#applied.dispose();
    this.#applied = this.#root ? applyTheme(choice, this.#root) : toDisposable(() => {});
    this.#onDidChange.fire(choice);
  }

  dispose(): void {
    this.#applied.dispose();
    this.#onDidChange.dispose();
  }
}
