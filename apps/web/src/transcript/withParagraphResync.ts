import { YjsEditor, yTextToSlateElement } from '@slate-yjs/core';
import { equalityDeep } from 'lib0/function';
import { Editor, Node, type Point, type Range, Transforms } from 'slate';
import * as Y from 'yjs';

/**
 * After each remote change, re-reads the paragraphs it touched from the Y.Doc and replaces any the editor holds
 * differently, without sending anything back.
 *
 * Why: @slate-yjs 1.0.2 translates a remote transaction into Slate operations computed against the paragraph as it
 * was, and one case comes out wrong: text inserted right before a run whose formatting the same transaction changed
 * is given that new formatting when it had the run's old one (a plain space typed before an untimed word that then
 * got its timing joins the word in Slate but not in Yjs). The paragraph then differs from its Y.XmlText, and the next
 * local edit of it throws ("yTarget spans multiple nodes") and is lost. The three-client convergence test finds such
 * interleavings; re-reading a paragraph (at most a few hundred words) after a remote change is cheap.
 */
export function withParagraphResync<T extends Editor & YjsEditor>(editor: T): T {
  const { applyRemoteEvents } = editor;
  editor.applyRemoteEvents = (events, origin) => {
    applyRemoteEvents(events, origin);
    const root = editor.sharedRoot;
    const touched = new Set<unknown>();
    for (const event of events) {
      // a Y type's parent is typed AbstractType<any>
      let target: Y.AbstractType<any> = event.target;
      while (target.parent !== null && target.parent !== root) target = target.parent;
      if (target.parent === root) touched.add(target);
    }
    if (touched.size === 0) return;
    const selection = editor.selection;
    let repaired = false;
    (root.toDelta() as Array<{ insert: unknown }>).forEach((op, index) => {
      if (!(op.insert instanceof Y.XmlText) || !touched.has(op.insert)) return;
      const expected = yTextToSlateElement(op.insert);
      const current = editor.children[index];
      if (current !== undefined && equalityDeep(current, expected)) return;
      repaired = true;
      // a remote origin: the Y.Doc already holds this, nothing is sent
      YjsEditor.withOrigin(editor, origin, () => {
        Editor.withoutNormalizing(editor, () => {
          if (current !== undefined) editor.apply({ type: 'remove_node', path: [index], node: current });
          editor.apply({ type: 'insert_node', path: [index], node: expected as Node });
        });
      });
    });
    if (repaired && selection && isValid(editor, selection)) Transforms.select(editor, selection);
  };
  return editor;
}

function isValid(editor: Editor, range: Range): boolean {
  const ok = (point: Point) => Node.has(editor, point.path) && point.offset <= Node.string(Node.get(editor, point.path)).length;
  return ok(range.anchor) && ok(range.focus);
}
