import { CursorEditor, withCursors, withYHistory, withYjs, type YHistoryEditor, YjsEditor } from '@slate-yjs/core';
import { type BaseRange, createEditor, Editor } from 'slate';
import { withReact } from 'slate-react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { withTranscriptTiming } from '../editor/withTranscriptTiming.ts';
import { whenIdle } from '../platform/whenIdle.ts';
import { withNormalizedConnect } from './withNormalizedConnect.ts';
import { withParagraphResync } from './withParagraphResync.ts';
import { withRemoteNormalizationFlush } from './withRemoteNormalizationFlush.ts';

/** What a collaborator's cursor shows (awareness `data` field). */
export interface CursorData extends Record<string, unknown> {
  name: string;
  color: string;
  userId: string;
}

/** The editor of a transcript: Slate bound to the document's Y.XmlText, per-user undo, shared cursors. */
export type TranscriptEditor = Editor & YjsEditor & YHistoryEditor & CursorEditor<CursorData>;

/**
 * Paragraphs per chunk of slate-react's chunked rendering of the top-level list: what the first render shows two of
 * at once, and what each idle period adds after them (see ProgressiveRender). Smaller chunks (3) made the first render
 * no faster on a 3-hour transcript but nested the chunks four deep, and doubled keystroke-to-paint p95 there.
 */
export const PARAGRAPHS_PER_CHUNK = 16;

/**
 * Builds the editor of a transcript document: @slate-yjs binding to `root` (`doc.get(TRANSCRIPT_ROOT, Y.XmlText)`), Yjs
 * undo that only tracks this user's changes, cursors shared through `awareness`, slate-react with chunked rendering
 * of the top-level paragraphs, the transcript's timing rules, no forced whole-document normalisation on connect when
 * the synced document is already normalised (`withNormalizedConnect`), and a re-read of the paragraphs each remote change
 * touched (`withParagraphResync`), written back at once when normalising them changed anything
 * (`withRemoteNormalizationFlush`). Call `YjsEditor.connect(editor)` once the document is synced, and
 * `YjsEditor.disconnect(editor)` when done.
 */
export function createTranscriptEditor(root: Y.XmlText, awareness: Awareness, cursor: CursorData): TranscriptEditor {
  const editor = withReact(withCursors(withYHistory(withRemoteNormalizationFlush(withParagraphResync(withNormalizedConnect(withYjs(createEditor(), root, { autoConnect: false }))))), awareness, { data: cursor }));
  editor.getChunkSize = (node) => (Editor.isEditor(node) ? PARAGRAPHS_PER_CHUNK : null);
  // The cursor goes to collaborators in the next idle period (within 100 ms), not between a keystroke and its paint:
  // turning a Slate range into Yjs relative positions reads the paragraph's and the document's deltas, about 1 ms a
  // key on a 3-hour transcript. Several requests before then send one, the latest. The selection is read when it is
  // sent, so it always names paragraphs the Y.Doc has: Slate applies an edit at once and the Y.Doc gets it on the next
  // onChange, and a cursor sent in between (the focus coming back to the editor in the same task as a command's edit)
  // would make the cursor plugin throw; onChange asks again once the edit is in the document.
  const { sendCursorPosition } = editor;
  let pending: { range: BaseRange | null; selection: boolean } | undefined;
  editor.sendCursorPosition = (range) => {
    const first = pending === undefined;
    pending = { range, selection: range === editor.selection };
    if (!first) return;
    whenIdle(() => {
      const asked = pending!;
      pending = undefined;
      if (!YjsEditor.connected(editor)) return;
      const send = asked.selection ? editor.selection : asked.range;
      if (send && YjsEditor.localChanges(editor).some((change) => change.op.type !== 'set_selection')) return;
      sendCursorPosition(send);
    }, 100);
  };
  return withTranscriptTiming(editor) as TranscriptEditor;
}
