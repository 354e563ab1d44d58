import { Editor, Node, Path, Range, type Text, Transforms } from 'slate';
import { timingProperties, wordOf, wordProperties } from './transcriptTypes.ts';

/**
 * When deleting the space between two words left them touching at the caret, makes them one word (as the text now
 * reads): the first start, the last end, the lower confidence, origin `human`. Returns whether it joined.
 */
export function joinGluedWords(editor: Editor): boolean {
  const selection = editor.selection;
  if (!selection || !Range.isCollapsed(selection)) return false;
  const { path, offset } = selection.anchor;
  if (path.length < 2 || !Node.has(editor, path)) return false;
  const node = Node.get(editor, path) as Text;
  const index = path[path.length - 1]!;
  const siblings = (Node.get(editor, Path.parent(path)) as { children: Node[] }).children;
  let left: number;
  if (offset === 0 && index > 0) left = index - 1;
  else if (offset === node.text.length && index + 1 < siblings.length) left = index;
  else return false;
  const first = wordOf(siblings[left]);
  const second = wordOf(siblings[left + 1]);
  if (!first || !second || first.text === '' || second.text === '') return false;
  const leftPath = [...Path.parent(path), left];
  Editor.withoutNormalizing(editor, () => {
    Transforms.setNodes(
      editor,
      timingProperties(first, { start: Math.min(first.start, second.start), end: Math.max(first.end, second.end), conf: Math.min(first.conf, second.conf), origin: 'human' }),
      { at: leftPath },
    );
    editor.apply({ type: 'merge_node', path: Path.next(leftPath), position: first.text.length, properties: wordProperties(second) });
  });
  return true;
}

