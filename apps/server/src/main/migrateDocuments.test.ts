import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildTranscriptDoc, TRANSCRIPT_META, TRANSCRIPT_ROOT, TRANSCRIPT_SCHEMA_KEY, transcriptDocVersion } from '@verbatim/core/document';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openTestDatabase, type TestDatabase } from '../../test/testDatabase.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { runCommand } from './runCommand.ts';
import { EXIT_FAILED, EXIT_OK, type ServerProcess } from './runServer.ts';

const SCHEMA1 = new Uint8Array(readFileSync(new URL('../../../../packages/core/test/fixtures/transcript-doc-schema1.bin', import.meta.url)));
const MODEL = { id: 'test-model', version: '1.0.0', sha256: 'ab'.repeat(32) };

let t: TestDatabase;
beforeEach(async () => {
  t = await openTestDatabase();
});
afterEach(() => t.close());

/** A transcript whose stored document is `update`, as older code stored it. */
function stored(update: Uint8Array): string {
  const id = new TranscriptStore(t.db).create({ projectId: t.projectId, mediaId: 'm', model: MODEL, segments: [] }).id;
  t.db.prepare('DELETE FROM doc_updates WHERE doc_id = ?').run(id);
  t.db.prepare('INSERT INTO doc_updates (doc_id, seq, "update") VALUES (?, 1, ?)').run(id, update);
  return id;
}

function run(argv: string[], onErr: (line: string, signal: () => void) => void = () => {}) {
  const out: string[] = [];
  const err: string[] = [];
  const exits: number[] = [];
  let signal = () => {};
  const proc: ServerProcess = {
    argv,
    env: {},
    out: (text) => void out.push(text),
    err: (text) => {
      err.push(text);
      onErr(text, signal);
    },
    onSignal: (handler) => {
      signal = () => handler('SIGINT');
    },
    exit: (code) => void exits.push(code),
  };
  return { out, err, exits, done: () => runCommand(proc) };
}

// the stored schema, read without opening it (opening migrates)
function storedVersion(db: TestDatabase['db'], id: string): number {
  const doc = new Y.Doc();
  for (const row of db.prepare<[string], { update: Buffer }>('SELECT "update" FROM doc_updates WHERE doc_id = ? ORDER BY seq').all(id)) Y.applyUpdate(doc, row.update);
  return transcriptDocVersion(doc);
}

const rows = (id: string, db = t.db) => db.prepare<[string], { update: Buffer }>('SELECT "update" FROM doc_updates WHERE doc_id = ?').all(id);

describe('verbatim-server migrate-documents', () => {
  it('migrates every schema-1 document, leaves the current and the broken ones as they are, and says which failed', async () => {
    const old = [stored(SCHEMA1), stored(SCHEMA1)];
    const current = stored(Y.encodeStateAsUpdate(buildTranscriptDoc(new Y.Doc(), [{ start: 0, end: 1, words: [{ text: 'hi', start: 0, end: 1, confidence: 1 }] }])));
    const broken = new Y.Doc();
    broken.get(TRANSCRIPT_ROOT, Y.XmlText).insert(0, 'no paragraph');
    const brokenId = stored(Y.encodeStateAsUpdate(broken));
    const newer = buildTranscriptDoc(new Y.Doc(), []);
    newer.getMap(TRANSCRIPT_META).set(TRANSCRIPT_SCHEMA_KEY, 9);
    const newerId = stored(Y.encodeStateAsUpdate(newer));
    const before = { broken: rows(brokenId), current: rows(current) };
    t.db.close();

    const cli = run(['migrate-documents', '--data-dir', dirname(t.path)]);
    await cli.done();
    expect(cli.exits).toEqual([EXIT_FAILED]);
    expect(cli.err).toHaveLength(5);
    expect(cli.err.every((line) => /^\[\d\/5\] /u.test(line))).toBe(true);
    expect(cli.out[0]).toBe('Migrated 2, already current 1, failed 2.');
    expect(cli.out.join('\n')).toContain(`failed: ${brokenId}: Paragraph 1 is not a paragraph.`);
    expect(cli.out.join('\n')).toMatch(new RegExp(`failed: ${newerId}: .*schema 9`));

    const db = t.reopen();
    for (const id of old) expect(storedVersion(db, id)).toBe(2);
    expect(db.prepare('SELECT COUNT(*) AS n FROM doc_backups').get()).toEqual({ n: 2 });
    expect(rows(brokenId, db)).toEqual(before.broken);
    expect(rows(current, db)).toEqual(before.current);

    // again: nothing left to do but the two it cannot
    const again = run(['migrate-documents', '--data-dir', dirname(t.path)]);
    await again.done();
    expect(again.out[0]).toBe('Migrated 0, already current 3, failed 2.');
  });

  it('stops cleanly between two documents on Ctrl+C, exits 1 and can go on later', async () => {
    const ids = [stored(SCHEMA1), stored(SCHEMA1), stored(SCHEMA1)];
    t.db.close();
    const cli = run(['migrate-documents', '--data-dir', dirname(t.path)], (line, signal) => {
      if (line.startsWith('[1/3]')) signal();
    });
    await cli.done();
    expect(cli.exits).toEqual([EXIT_FAILED]);
    expect(cli.out[0]).toBe('Migrated 1, already current 0, failed 0, not looked at (stopped) 2.');
    const db = t.reopen();
    expect(ids.map((id) => storedVersion(db, id)).sort()).toEqual([1, 1, 2]);

    const rest = run(['migrate-documents', '--data-dir', dirname(t.path)]);
    await rest.done();
    expect(rest.exits).toEqual([EXIT_OK]);
    expect(rest.out[0]).toBe('Migrated 2, already current 1, failed 0.');
  });

  it('refuses unknown flags with 2', async () => {
    const cli = run(['migrate-documents', '--everything']);
    await cli.done();
    expect(cli.exits).toEqual([2]);
    expect(cli.err.join('\n')).toContain('Usage: verbatim-server migrate-documents');
  });
});
