import { type Point, type Range, Text } from 'slate';
import type { TurnElement } from './transcriptTypes.ts';

/**
 * The `occurrence`-th (0 = first) case-insensitive match of `query` in paragraph `index`, read as the server's search
 * reads it (its text with every run of spaces as one space, trimmed), as a Slate range over the words it covers.
 * Undefined when there is no such match, or when lower-casing changes the text's length (offsets would not map back).
 *
 * @example
 * findTextInTurn(turn, 0, 'the rent', 1) // the second "the rent" of paragraph 0
 */
export function findTextInTurn(turn: TurnElement, index: number, query: string, occurrence = 0): Range | undefined {
  const needle = query.trim().replace(/\s+/gu, ' ').toLowerCase();
  if (needle === '' || occurrence < 0) return undefined;
  // the normalised text, and for each of its characters the leaf and offset it came from
  let text = '';
  const from: Array<[number, number]> = [];
  let space = false;
  turn.children.forEach((child, c) => {
    if (!Text.isText(child)) return;
    for (let o = 0; o < child.text.length; o++) {
      const ch = child.text[o]!;
      if (/\s/u.test(ch)) {
        space = text.length > 0;
        continue;
      }
      if (space) {
        text += ' ';
        from.push([c, o]);
        space = false;
      }
      text += ch;
      from.push([c, o]);
    }
  });
  const haystack = text.toLowerCase();
  if (haystack.length !== text.length) return undefined;
  let at = -1;
  for (let n = 0; n <= occurrence; n++) {
    at = haystack.indexOf(needle, at + (n === 0 ? 1 : needle.length));
    if (at < 0) return undefined;
  }
  const [startLeaf, startOffset] = from[at]!;
  const [endLeaf, endOffset] = from[at + needle.length - 1]!;
  const anchor: Point = { path: [index, startLeaf], offset: startOffset };
  const focus: Point = { path: [index, endLeaf], offset: endOffset + 1 };
  return { anchor, focus };
}
