import { type Editor, Node, Path, type Point } from 'slate';
import type { LocatedWord } from './neighbourWords.ts';
import { wordOf } from './transcriptTypes.ts';

/**
 * The word a caret at `point` belongs to: the word leaf it is in, or the word it touches from a space's edge.
 * Undefined inside spaces or outside the document.
 */
export function wordAtPoint(editor: Editor, point: Point | undefined | null): LocatedWord | undefined {
  if (!point || point.path.length < 2 || !Node.has(editor, point.path)) return undefined;
  const node = Node.get(editor, point.path);
  const own = wordOf(node);
  if (own) return { word: own, path: point.path };
  const index = point.path[point.path.length - 1]!;
  const siblings = (Node.get(editor, Path.parent(point.path)) as { children: Node[] }).children;
  const text = (node as { text: string }).text;
  if (point.offset === 0 && index > 0) {
    const prev = wordOf(siblings[index - 1]);
    if (prev) return { word: prev, path: [...Path.parent(point.path), index - 1] };
  }
  if (point.offset === text.length && index + 1 < siblings.length) {
    const next = wordOf(siblings[index + 1]);
    if (next) return { word: next, path: [...Path.parent(point.path), index + 1] };
  }
  return undefined;
}
