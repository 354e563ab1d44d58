import { YjsEditor } from '@slate-yjs/core';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Segment } from '@verbatim/core';
import { buildTranscriptDoc, TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { createTranscriptEditor, type TranscriptEditor } from '../src/transcript/createTranscriptEditor.ts';

/** Two collaborators' editors (`a` for user `ua`, `b` for `ub`) on their own copies of one document. */
export interface TwoPeers {
  a: TranscriptEditor;
  b: TranscriptEditor;
  docA: Y.Doc;
  docB: Y.Doc;
}

/**
 * Two peers on a document built from `segments`, each with the workbench's editor (createTranscriptEditor), connected:
 * every update of one is applied to the other at once, in the same task with no microtask in between, as a
 * synchronous stand-in for the room's WebSocket.
 */
export function twoPeers(segments: readonly Segment[]): TwoPeers {
  const docA = buildTranscriptDoc(new Y.Doc(), segments);
  const docB = new Y.Doc();
  Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA));
  docA.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(docB, update, 'remote'));
  docB.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(docA, update, 'remote'));
  const a = createTranscriptEditor(docA.get(TRANSCRIPT_ROOT, Y.XmlText), new Awareness(docA), { name: 'Ann', color: '#c00', userId: 'ua' });
  const b = createTranscriptEditor(docB.get(TRANSCRIPT_ROOT, Y.XmlText), new Awareness(docB), { name: 'Bob', color: '#00c', userId: 'ub' });
  YjsEditor.connect(a);
  YjsEditor.connect(b);
  return { a, b, docA, docB };
}
