import type { Disposable } from '../platform/Disposable.ts';
import type { IndexedWord, WordTimeIndex } from './WordTimeIndex.ts';

/** The CSS class of the word being played. */
export const PLAYING_CLASS = 'vb-playing';

/**
 * Lights the word being played by toggling a CSS class on its span: the document is never re-rendered for
 * playback. The index maps a time to a word (binary search); `elementOf` finds the word's DOM node.
 */
export class CurrentWordHighlighter implements Disposable {
  readonly #index: () => WordTimeIndex;
  readonly #elementOf: (word: IndexedWord) => HTMLElement | undefined;
  readonly #onDidChangeWord: ((word: IndexedWord | undefined, element: HTMLElement | undefined) => void) | undefined;
  #lit: HTMLElement | undefined;
  #word: IndexedWord | undefined;
  #indexUsed: WordTimeIndex | undefined;

  constructor(
    index: () => WordTimeIndex,
    elementOf: (word: IndexedWord) => HTMLElement | undefined,
    onDidChangeWord?: (word: IndexedWord | undefined, element: HTMLElement | undefined) => void,
  ) {
    this.#index = index;
    this.#elementOf = elementOf;
    this.#onDidChangeWord = onDidChangeWord;
  }

  /** The word lit now. */
  get word(): IndexedWord | undefined {
    return this.#word;
  }

  /** Moves the highlight to the word spoken at `time` (cheap when it is the same word). */
  update(time: number): void {
    const index = this.#index();
    const word = index.at(time);
    if (word === this.#word && index === this.#indexUsed && (this.#lit?.isConnected ?? word === undefined)) return;
    this.#indexUsed = index;
    const changed = word?.start !== this.#word?.start || word?.path.join() !== this.#word?.path.join();
    this.#word = word;
    const element = word ? this.#elementOf(word) : undefined;
    if (element !== this.#lit) {
      this.#lit?.classList.remove(PLAYING_CLASS);
      element?.classList.add(PLAYING_CLASS);
      this.#lit = element;
    }
    if (changed) this.#onDidChangeWord?.(word, element);
  }

  /** Removes the highlight. */
  clear(): void {
    this.#lit?.classList.remove(PLAYING_CLASS);
    this.#lit = undefined;
    this.#word = undefined;
  }

  dispose(): void {
    this.clear();
  }
}
