import type { Descendant, Path } from 'slate';
import { type WordLeaf, wordOf } from './transcriptTypes.ts';

/** A word and where it is (`[paragraph, child]`). */
export interface LocatedWord {
  word: WordLeaf;
  path: Path;
}

interface Root {
  children: Descendant[];
}

/** The nearest word before the text at `path` (`[paragraph, child]`), looking back across paragraphs. */
export function wordBefore(root: Root, path: Path): LocatedWord | undefined {
  let [p = 0, c = 0] = path;
  c -= 1;
  for (; p >= 0; p--) {
    const children = childrenOf(root, p);
    if (c === Infinity) c = children.length - 1;
    for (; c >= 0; c--) {
      const word = wordOf(children[c]);
      if (word) return { word, path: [p, c] };
    }
    c = Infinity;
  }
  return undefined;
}

/** The nearest word after the text at `path` (`[paragraph, child]`), looking ahead across paragraphs. */
export function wordAfter(root: Root, path: Path): LocatedWord | undefined {
  let [p = 0, c = 0] = path;
  c += 1;
  for (; p < root.children.length; p++) {
    const children = childrenOf(root, p);
    for (; c < children.length; c++) {
      const word = wordOf(children[c]);
      if (word) return { word, path: [p, c] };
    }
    c = 0;
  }
  return undefined;
}

function childrenOf(root: Root, index: number): Descendant[] {
  const node = root.children[index] as { children?: Descendant[] } | undefined;
  return node?.children ?? [];
}
