import { Editor, type Point, Range, Transforms } from 'slate';
import { trimSeparators } from './splitTurn.ts';
import { isTurn, type TurnElement, wordOf } from './transcriptTypes.ts';

/**
 * Gives the words of `range` to `speaker` (trimmed): the paragraphs it starts and ends in are split at the
 * selection's edges (between words: a selection that starts or ends inside a word takes the whole word), and every
 * paragraph from the first selected word to the last gets the speaker. Each new paragraph starts at its first word's
 * start; words keep their timings, confidences and review marks. One batch of operations, so one undo step. Returns
 * the paragraph range assigned, or undefined when the name is empty or the range holds no word.
 *
 * @example
 * assignSelectionToSpeaker(editor, editor.selection!, 'Speaker 2') // "yeah" inside Speaker 1's turn becomes its own turn
 */
export function assignSelectionToSpeaker(editor: Editor, range: Range, speaker: string): { first: number; last: number } | undefined {
  const name = speaker.trim();
  if (name === '') return undefined;
  const startAt = firstWordAt(editor, Range.start(range), 'start');
  const endAt = firstWordAt(editor, Range.end(range), 'end');
  if (!startAt || !endAt) return undefined;
  // [turn, child index of the first selected word] and [turn, child index after the last selected word]
  const [p0, c0] = startAt;
  const [p1, c1] = endAt;
  if (p0 > p1 || (p0 === p1 && c0 >= c1)) return undefined;
  let first = p0;
  let last = p1;
  Editor.withoutNormalizing(editor, () => {
    // the end first, so the start's path stays valid
    if (split(editor, p1, c1)) {
      trimSeparators(editor, p1 + 1);
      trimSeparators(editor, p1);
    }
    if (split(editor, p0, c0)) {
      trimSeparators(editor, p0 + 1);
      trimSeparators(editor, p0);
      first += 1;
      last += 1;
    }
    for (let i = first; i <= last; i++) {
      const turn = editor.children[i];
      if (isTurn(turn) && turn.speaker !== name) Transforms.setNodes(editor, { speaker: name }, { at: [i] });
    }
    Transforms.select(editor, { anchor: Editor.start(editor, [first]), focus: Editor.end(editor, [last]) });
  });
  return { first, last };
}

// The turn and child index where the selection's words begin (`start`: the word at or after the point; a point
// inside a word takes that word) or end (`end`: the index after the last word at or before the point).
function firstWordAt(editor: Editor, point: Point, edge: 'start' | 'end'): [number, number] | undefined {
  if (point.path.length !== 2) return undefined;
  const [p, c] = point.path as [number, number];
  const turn = editor.children[p];
  if (!isTurn(turn)) return undefined;
  const word = wordOf(turn.children[c]);
  if (edge === 'start') {
    if (word && point.offset < Math.max(1, word.text.length)) return [p, c];
    const next = turn.children.findIndex((n, i) => i > c && wordOf(n) !== undefined);
    return next >= 0 ? [p, next] : p + 1 < editor.children.length ? [p + 1, 0] : undefined;
  }
  if (word && point.offset > 0) return [p, c + 1];
  for (let i = c - 1; i >= 0; i--) if (wordOf(turn.children[i]) !== undefined) return [p, i + 1];
  return p > 0 ? [p - 1, (editor.children[p - 1] as TurnElement).children.length] : undefined;
}

// Splits paragraph `p` before child `index` when words lie on both sides; the new paragraph starts at its first word.
function split(editor: Editor, p: number, index: number): boolean {
  const turn = editor.children[p] as TurnElement;
  const before = turn.children.slice(0, index).some((n) => wordOf(n) !== undefined);
  const firstAfter = turn.children.slice(index).map(wordOf).find((w) => w !== undefined);
  if (!before || !firstAfter) return false;
  const { children: _children, ...properties } = turn;
  editor.apply({ type: 'split_node', path: [p], position: index, properties: { ...properties, start: firstAfter.start } });
  return true;
}
