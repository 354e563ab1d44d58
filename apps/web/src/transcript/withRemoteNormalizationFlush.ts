import { YjsEditor } from '@slate-yjs/core';
import type { Editor } from 'slate';

/**
 * Writes to the Y.Doc, at once, what Slate normalised after a remote change (or this user's own undo or redo), while
 * the Y.Doc still holds what those operations were computed against.
 *
 * Why: @slate-yjs 1.0.2 applies a remote transaction to Slate inside `withoutNormalizing`, and the normalisation that
 * follows (merging the adjacent equal leaves its translation leaves, e.g. the two halves of a word an undo re-formatted)
 * runs outside the remote origin, so it is queued as a local change, each with a snapshot of the Slate document it was
 * made on, until the next `onChange`. If another Y update reaches the document before that (two updates in one task, or
 * an undo, a collaborator's change and the next edit before the microtask), @slate-yjs flushes the queue against the
 * changed Y.Doc with the old snapshots: a merge of leaves [1, 0] and [1, 1] of the old document formats the text at
 * that place of the new one. After an undo and a collaborator's review, splitting a paragraph then gave part of a word
 * in the new paragraph another word's timing ("th", "re", "e0", the middle carrying the undone word's times): a word
 * boundary with no separator in the editor, a wrong span for the word in the document.
 */
export function withRemoteNormalizationFlush<T extends Editor & YjsEditor>(editor: T): T {
  const { applyRemoteEvents } = editor;
  editor.applyRemoteEvents = (events, origin) => {
    applyRemoteEvents(events, origin);
    // the queue now holds only what was normalised after this change: the Y.Doc is still the one it was made on
    if (YjsEditor.localChanges(editor).length > 0) YjsEditor.flushLocalChanges(editor);
  };
  return editor;
}
