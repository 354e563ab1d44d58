// A stored transcript document written by a newer Verbatim (a newer schema in its meta map) opens read-only for
// everyone: the workbench shows the server's sentence in the editor's notice area, typing changes nothing, and the
// stored document is never rewritten.
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { useWorkbench } from './harness/useWorkbench.ts';
import { editorText, openTranscript } from './harness/workbench.ts';

const w = useWorkbench();

/** Appends an update to the stored document (the room is not open yet) that says a newer schema wrote it. */
function markWrittenByNewerSchema(dataDir: string, transcriptId: string): { seq: number } {
  const db = new DatabaseSync(join(dataDir, 'verbatim.db'));
  try {
    const rows = db.prepare('SELECT seq, "update" FROM doc_updates WHERE doc_id = ? ORDER BY seq').all(transcriptId) as Array<{ seq: number; update: Uint8Array }>;
    expect(rows.length).toBeGreaterThan(0);
    const doc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(doc, row.update);
    const before = Y.encodeStateVector(doc);
    const version = doc.getMap('meta').get('schema') as number;
    doc.getMap('meta').set('schema', version + 1);
    const seq = rows.at(-1)!.seq + 1;
    db.prepare('INSERT INTO doc_updates (doc_id, seq, "update") VALUES (?, ?, ?)').run(transcriptId, seq, Y.encodeStateAsUpdate(doc, before));
    return { seq };
  } finally {
    db.close();
  }
}

function storedUpdates(dataDir: string, transcriptId: string): number {
  const db = new DatabaseSync(join(dataDir, 'verbatim.db'), { readOnly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_id = ?').get(transcriptId) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('a transcript document written by a newer schema', () => {
  it('opens read-only with the server\'s reason shown, and nothing typed reaches it', async () => {
    markWrittenByNewerSchema(w.server.dataDir, w.seeded.transcriptId);
    const stored = storedUpdates(w.server.dataDir, w.seeded.transcriptId);
    const page = await w.open(w.seeded.editor);
    await openTranscript(page, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId);
    const notice = page.locator('[data-testid="access-notice"][data-document-notice]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.innerText()).toMatch(/newer version of Verbatim/);
    const editor = page.locator('[data-testid="transcript-editor"]:visible');
    expect(await editor.getAttribute('contenteditable')).toBe('false');
    const before = await editorText(page);
    await page.locator('[data-testid="transcript-editor"]:visible span[data-word]').nth(1).click();
    await page.keyboard.type(' sneaky');
    expect(await editorText(page)).toBe(before);
    // the stored document is as it was: nothing was written into it, nothing rewrote it
    expect(storedUpdates(w.server.dataDir, w.seeded.transcriptId)).toBe(stored);
  });
});
