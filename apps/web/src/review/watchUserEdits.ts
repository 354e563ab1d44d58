import type { Editor } from 'slate';
import { type Disposable, toDisposable } from '../platform/Disposable.ts';

/** What {@link watchUserEdits} tells about each edit a user makes. */
export interface UserEditListener {
  willEdit(): void;
  didEdit(): void;
}

const EDIT_METHODS = ['insertText', 'insertFragment', 'insertBreak', 'deleteBackward', 'deleteForward', 'deleteFragment'] as const;

/**
 * Calls `listener` around every edit a user makes in `editor` (typing, deleting, pasting, Enter): the editor's own
 * edit methods, which undo, redo and collaborators' changes never go through. An edit made inside another (a paste
 * types its text) counts once. Disposing puts the methods back.
 *
 * @example
 * const watching = watchUserEdits(editor, { willEdit: () => tracker.willEdit(editor), didEdit: () => tracker.didEdit(editor) });
 */
export function watchUserEdits(editor: Editor, listener: UserEditListener): Disposable {
  let depth = 0;
  const originals = new Map<string, unknown>();
  const wrappers = new Map<string, unknown>();
  const methods = editor as unknown as Record<string, (...args: unknown[]) => void>;
  for (const name of EDIT_METHODS) {
    const original = methods[name]!;
    const wrapper = (...args: unknown[]) => {
      if (depth > 0) return original(...args);
      depth++;
      try {
        listener.willEdit();
        original(...args);
      } finally {
        depth--;
      }
      listener.didEdit();
    };
    originals.set(name, original);
    wrappers.set(name, wrapper);
    methods[name] = wrapper;
  }
  return toDisposable(() => {
    for (const name of EDIT_METHODS) if (methods[name] === wrappers.get(name)) methods[name] = originals.get(name) as (...args: unknown[]) => void;
  });
}
