import type { Descendant, Path, Text } from 'slate';
import { type TurnElement, type WordLeaf, wordOf } from '../editor/transcriptTypes.ts';

/** One word of the index: its times, where it is, the word and its text node (for `ReactEditor.toDOMNode`). */
export interface IndexedWord {
  start: number;
  end: number;
  path: Path;
  leaf: WordLeaf;
  node: Text;
}

// the words of one paragraph object (Slate nodes are immutable: an edit makes a new paragraph object), so that a
// rebuild after an edit reads only the paragraphs it changed
const wordsByTurn = new WeakMap<object, { paragraph: number; words: IndexedWord[] }>();

/**
 * The document's words sorted by start time, to find the word being spoken at a time by binary search (playback
 * highlight, click on the waveform). Built from the editor's children; rebuild it when the document changes (the
 * paragraphs a change left alone are not read again).
 */
export class WordTimeIndex {
  readonly #starts: Float64Array;
  readonly #words: IndexedWord[];

  private constructor(words: IndexedWord[]) {
    this.#words = words;
    this.#starts = Float64Array.from(words, (w) => w.start);
  }

  /** Indexes every word of the paragraphs. */
  static fromChildren(children: readonly Descendant[]): WordTimeIndex {
    const words: IndexedWord[] = [];
    let sorted = true;
    children.forEach((turn, p) => {
      for (const word of wordsOf(turn as TurnElement, p)) {
        if (sorted && words.length > 0 && word.start < words[words.length - 1]!.start) sorted = false;
        words.push(word);
      }
    });
    // edits can leave a word out of time order; a stable sort keeps reading order among equal starts
    if (!sorted) words.sort((a, b) => a.start - b.start);
    return new WordTimeIndex(words);
  }

  /**
   * Reads the words of paragraphs `from`, `from + 1`, ... into the per-paragraph cache {@link fromChildren} uses, while
   * `hasTime()` says so (at least one paragraph a call); returns the index of the next paragraph to read
   * (`children.length` once all are). How a first index of a long document is built in idle slices.
   */
  static warm(children: readonly Descendant[], from: number, hasTime: () => boolean): number {
    let p = from;
    do {
      if (p >= children.length) break;
      wordsOf(children[p] as TurnElement, p);
      p++;
    } while (hasTime());
    return p;
  }

  get size(): number {
    return this.#words.length;
  }

  word(index: number): IndexedWord | undefined {
    return this.#words[index];
  }

  /**
   * The index of the word spoken at `time`: the last word starting at or before it (so a pause keeps the previous
   * word lit), or -1 before the first word.
   */
  find(time: number): number {
    let lo = 0;
    let hi = this.#starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.#starts[mid]! <= time) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The word spoken at `time` (see {@link find}). */
  at(time: number): IndexedWord | undefined {
    const i = this.find(time);
    return i < 0 ? undefined : this.#words[i];
  }

  /** The word nearest to `time`: the one spoken then, or the first one when `time` is before every word. */
  nearest(time: number): IndexedWord | undefined {
    return this.at(time) ?? this.#words[0];
  }
}

function wordsOf(turn: TurnElement, p: number): IndexedWord[] {
  const cached = wordsByTurn.get(turn);
  if (cached) {
    if (cached.paragraph !== p) {
      cached.words = cached.words.map((w) => ({ ...w, path: [p, w.path[1]!] }));
      cached.paragraph = p;
    }
    return cached.words;
  }
  const words: IndexedWord[] = [];
  (turn.children ?? []).forEach((node, c) => {
    const leaf = wordOf(node);
    if (leaf && leaf.text !== '') words.push({ start: leaf.start, end: leaf.end, path: [p, c], leaf, node: node as Text });
  });
  wordsByTurn.set(turn, { paragraph: p, words });
  return words;
}
