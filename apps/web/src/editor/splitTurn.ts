import { Editor, type Node, type Point, Transforms } from 'slate';
import { timeAtOffset } from './interpolateTimes.ts';
import { splitWord } from './splitWord.ts';
import { isSeparator, isTurn, type TurnElement, wordOf } from './transcriptTypes.ts';

/**
 * Splits the paragraph holding `point` in two there (Enter): the new paragraph keeps the speaker and starts at its
 * first word's start. A caret inside a word splits the word, each half keeping its share of the time. Spaces left
 * at the break are dropped. Does nothing (returns false) at a paragraph's first or after its last word.
 */
export function splitTurn(editor: Editor, point: Point): boolean {
  if (point.path.length !== 2) return false;
  const [p, c] = point.path as [number, number];
  if (!isTurn(editor.children[p])) return false;
  let done = false;
  Editor.withoutNormalizing(editor, () => {
    const turn = editor.children[p] as TurnElement;
    const node = turn.children[c];
    const word = wordOf(node);
    let index: number;
    if (word && point.offset > 0 && point.offset < word.text.length) {
      const mid = timeAtOffset(word.start, word.end, point.offset, word.text.length);
      splitWord(editor, [p, c], point.offset, mid, word);
      index = c + 1;
    } else {
      // before a word or a space: the break goes there; after one: behind it
      index = point.offset === 0 ? c : c + 1;
    }
    const children = (editor.children[p] as TurnElement).children;
    const firstAfter = children.slice(index).map(wordOf).find((w) => w !== undefined);
    if (!hasWord(children.slice(0, index)) || !firstAfter) return;
    const { children: _children, ...properties } = editor.children[p] as TurnElement;
    editor.apply({ type: 'split_node', path: [p], position: index, properties: { ...properties, start: firstAfter.start } });
    trimSeparators(editor, p + 1);
    trimSeparators(editor, p);
    Transforms.select(editor, Editor.start(editor, [p + 1]));
    done = true;
  });
  return done;
}

/** Removes the spaces at the start and end of paragraph `index` (keeping at least one child). */
export function trimSeparators(editor: Editor, index: number): void {
  const children = () => (editor.children[index] as TurnElement).children;
  while (children().length > 1 && isSeparator(children()[children().length - 1])) {
    const last = children().length - 1;
    editor.apply({ type: 'remove_node', path: [index, last], node: children()[last]! });
  }
  while (children().length > 1 && isSeparator(children()[0])) {
    editor.apply({ type: 'remove_node', path: [index, 0], node: children()[0]! });
  }
}

function hasWord(nodes: readonly Node[]): boolean {
  return nodes.some((n) => wordOf(n) !== undefined);
}
