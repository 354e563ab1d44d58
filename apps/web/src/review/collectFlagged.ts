import type { Descendant, Path } from 'slate';
import { type TurnElement, type WordLeaf, wordOf } from '../editor/transcriptTypes.ts';
import { isFlagged } from '@verbatim/core';

/** A flagged word of the open transcript, with where it is and the words around it. */
export interface FlaggedWord {
  path: Path;
  text: string;
  start: number;
  end: number;
  conf: number;
  /** The word with up to `contextWords` words either side, as one line. */
  context: string;
}

// The flagged words of one paragraph object for one threshold. Slate's nodes are immutable (an edit makes a new
// paragraph object and keeps the others), so a paragraph left alone by an edit keeps its entry: collecting after an
// edit reads only the paragraphs it changed, and keeps the very same FlaggedWord objects for the others (so the
// Problems panel and the waveform can tell that nothing else changed).
interface TurnFlags {
  threshold: number;
  contextWords: number;
  /** The paragraph's index the `words` were listed at (their paths start with it). */
  paragraph: number;
  words: FlaggedWord[];
}

const flagsByTurn = new WeakMap<object, TurnFlags>();

/**
 * Every flagged word of a document in reading order (see {@link isFlagged}), for the Problems panel, the waveform
 * regions and the status bar count. Work is proportional to the paragraphs changed since the last call (and their
 * number), not to the words of the document.
 */
export function collectFlagged(children: readonly Descendant[], threshold: number, contextWords = 2): FlaggedWord[] {
  const out: FlaggedWord[] = [];
  children.forEach((turn, p) => {
    for (const word of flagsOf(turn as TurnElement, p, threshold, contextWords).words) out.push(word);
  });
  return out;
}

/**
 * Lists the flagged words of paragraphs `from`, `from + 1`, ... into the cache {@link collectFlagged} reads, while
 * `hasTime()` says so (at least one paragraph a call); returns the index of the next paragraph to list
 * (`children.length` once all are). How a first collection on a long document is cut into idle slices.
 */
export function warmFlagged(children: readonly Descendant[], threshold: number, contextWords: number, from: number, hasTime: () => boolean): number {
  let p = from;
  do {
    if (p >= children.length) break;
    flagsOf(children[p] as TurnElement, p, threshold, contextWords);
    p++;
  } while (hasTime());
  return p;
}

/** How many words of one paragraph are flagged (read from the same per-paragraph cache as {@link collectFlagged}). */
export function countFlagged(turn: TurnElement, threshold: number): number {
  const cached = flagsByTurn.get(turn);
  if (cached && cached.threshold === threshold) return cached.words.length;
  let n = 0;
  for (const node of turn.children ?? []) {
    const word = wordOf(node);
    if (word && isFlagged(word.conf, word.reviewed, threshold)) n++;
  }
  return n;
}

/** The flagged words of paragraph `p`, from the cache when that paragraph object was read before at that index. */
function flagsOf(turn: TurnElement, p: number, threshold: number, contextWords: number): TurnFlags {
  const cached = flagsByTurn.get(turn);
  if (cached && cached.threshold === threshold && cached.contextWords === contextWords) {
    // moved (a paragraph inserted or removed before it): the same words under their new paths
    if (cached.paragraph !== p) {
      cached.words = cached.words.map((w) => ({ ...w, path: [p, w.path[1]!] }));
      cached.paragraph = p;
    }
    return cached;
  }
  const flags: TurnFlags = { threshold, contextWords, paragraph: p, words: listFlagged(turn, p, threshold, contextWords) };
  flagsByTurn.set(turn, flags);
  return flags;
}

function listFlagged(turn: TurnElement, p: number, threshold: number, contextWords: number): FlaggedWord[] {
  const words: Array<{ word: WordLeaf; index: number }> = [];
  (turn.children ?? []).forEach((node, index) => {
    const word = wordOf(node);
    if (word) words.push({ word, index });
  });
  const out: FlaggedWord[] = [];
  words.forEach(({ word, index }, i) => {
    if (!isFlagged(word.conf, word.reviewed, threshold)) return;
    const around = words.slice(Math.max(0, i - contextWords), i + contextWords + 1).map((w) => w.word.text);
    out.push({ path: [p, index], text: word.text, start: word.start, end: word.end, conf: word.conf, context: around.join(' ') });
  });
  return out;
}
