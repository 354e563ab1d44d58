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

/**
 * Every flagged word of a document in reading order (see {@link isFlagged}), for the Problems panel, the waveform
 * regions and the status bar count.
 */
export function collectFlagged(children: readonly Descendant[], threshold: number, contextWords = 2): FlaggedWord[] {
  const out: FlaggedWord[] = [];
  children.forEach((turn, p) => {
    const leaves = (turn as TurnElement).children ?? [];
    const words: Array<{ word: WordLeaf; index: number }> = [];
    leaves.forEach((node, index) => {
      const word = wordOf(node);
      if (word) words.push({ word, index });
    });
    words.forEach(({ word, index }, i) => {
      if (!isFlagged(word.conf, word.reviewed, threshold)) return;
      const around = words.slice(Math.max(0, i - contextWords), i + contextWords + 1).map((w) => w.word.text);
      out.push({ path: [p, index], text: word.text, start: word.start, end: word.end, conf: word.conf, context: around.join(' ') });
    });
  });
  return out;
}

/** How many words of one paragraph are flagged. */
export function countFlagged(turn: TurnElement, threshold: number): number {
  let n = 0;
  for (const node of turn.children) {
    const word = wordOf(node);
    if (word && isFlagged(word.conf, word.reviewed, threshold)) n++;
  }
  return n;
}
