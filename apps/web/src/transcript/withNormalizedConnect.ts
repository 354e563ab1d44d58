import { type Descendant, type Editor, Element, Text } from 'slate';

/**
 * Whether Slate's core normalisation (`normalizeNode` of `createEditor`) would leave `editor` as it is: every element
 * but the editor has a child, the editor and every element that starts with a block hold only blocks, and an element
 * that starts with a text or an inline holds no blocks, no empty text beside another text, no two adjacent texts
 * with the same marks and inlines only between texts. One pass over the tree, no operations.
 */
export function isNormalized(editor: Editor): boolean {
  return childrenNormalized(editor, editor.children, undefined);
}

// `parent` undefined: the editor's own children
function childrenNormalized(editor: Editor, children: readonly Descendant[], parent: Element | undefined): boolean {
  if (parent !== undefined && children.length === 0) return false;
  const first = children[0];
  const inlines = parent !== undefined && (editor.isInline(parent) || (first !== undefined && (Text.isText(first) || editor.isInline(first))));
  for (let n = 0; n < children.length; n++) {
    const child = children[n]!;
    if (Text.isText(child)) {
      if (!inlines) return false;
      const prev = children[n - 1];
      if (prev !== undefined && Text.isText(prev) && (child.text === '' || prev.text === '' || Text.equals(child, prev, { loose: true }))) return false;
      continue;
    }
    if (!Element.isElement(child)) return false;
    if (editor.isInline(child)) {
      if (!inlines) return false;
      const prev = children[n - 1];
      if (prev === undefined || !Text.isText(prev) || n === children.length - 1) return false;
    } else if (inlines) {
      return false;
    }
    if (!childrenNormalized(editor, child.children, child)) return false;
  }
  return true;
}

/**
 * Skips the whole-document normalisation that @slate-yjs forces when it connects (`Editor.normalize(editor, { force:
 * true })`: a quarter of a second on a 3-hour transcript) when the synced document is already normalised, which
 * {@link isNormalized} checks in a fraction of that; a document that is not is normalised as before. Only applies to
 * editors whose `normalizeNode` is Slate's own (no plugin adds rules the check would not know): wrap right after `withYjs`.
 */
export function withNormalizedConnect<T extends Editor & { connect(): void }>(editor: T): T {
  const { connect, normalize, normalizeNode } = editor;
  let connecting = false;
  editor.connect = () => {
    connecting = true;
    try {
      connect();
    } finally {
      connecting = false;
    }
  };
  editor.normalize = (options) => {
    if (connecting && options?.force === true && editor.normalizeNode === normalizeNode && isNormalized(editor)) return;
    normalize(options);
  };
  return editor;
}
