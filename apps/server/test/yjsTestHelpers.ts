// Test helpers shared by the tests that drive transcripts through real y-websocket clients.
import * as Y from 'yjs';
import { ROOM_SCHEMA_PARAM } from '@verbatim/core';
import { readTranscriptWords, TRANSCRIPT_ROOT, TRANSCRIPT_SCHEMA_VERSION } from '@verbatim/core/document';

/** Resolves once `check` holds, looking again on every change of `doc` and every 20 ms; rejects after `timeoutMs`. */
export function until(doc: Y.Doc | undefined, check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      clearInterval(interval);
      doc?.off('update', poll);
      if (error === undefined) resolve();
      else reject(error);
    };
    const poll = () => {
      if (check()) done();
    };
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}`)), timeoutMs);
    const interval = setInterval(poll, 20);
    doc?.on('update', poll);
    poll();
  });
}

/** The first paragraph (turn) of a transcript document. */
export function paragraph(doc: Y.Doc): Y.XmlText {
  return (doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>)[0]!.insert;
}

/** The document's words as text, human edits included. */
export function words(doc: Y.Doc): string[] {
  return readTranscriptWords(doc).map((w) => w.text);
}

/** The query parameters a current client adds to a room's URL (y-websocket's `params`): the schema it writes. */
export const ROOM_PARAMS: Readonly<Record<string, string>> = Object.freeze({ [ROOM_SCHEMA_PARAM]: String(TRANSCRIPT_SCHEMA_VERSION) });
