import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseError } from './DatabaseError.ts';
import { migrate } from './migrate.ts';
import type { Migration } from './Migration.ts';
import { MIGRATIONS } from './migrations.ts';
import { openDatabase } from './openDatabase.ts';

describe('openDatabase and migrations', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vwb-db-'));
    path = join(dir, 'verbatim.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const schema = (db: ReturnType<typeof openDatabase>) =>
    db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all();
  const applied = (db: ReturnType<typeof openDatabase>) =>
    db.prepare('SELECT id, name, applied_at FROM schema_migrations ORDER BY id').all() as { id: number; name: string }[];

  it('creates the file in WAL mode with the agreed pragmas and applies every migration', () => {
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(applied(db).map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const tables = (schema(db) as { type: string; name: string }[]).filter((o) => o.type === 'table').map((o) => o.name);
    expect(tables).toEqual(expect.arrayContaining(['jobs', 'schema_migrations', 'projects']));
    db.close();
  });

  it('is a no-op when opened again: nothing re-applied, schema and history unchanged', () => {
    const first = openDatabase(path);
    const before = { schema: schema(first), applied: applied(first) };
    first.close();
    const again = openDatabase(path);
    expect(migrate(again, MIGRATIONS)).toEqual([]);
    expect(schema(again)).toEqual(before.schema);
    expect(applied(again)).toEqual(before.applied);
    again.close();
  });

  it('applies only the migrations a database lacks', () => {
    const [one, ...rest] = MIGRATIONS;
    openDatabase(path, { migrations: [one!] }).close();
    const db = openDatabase(path, { migrations: [one!] });
    expect(migrate(db, MIGRATIONS)).toEqual(rest.map((m) => m.id));
    db.close();
  });

  it('refuses a database written by a newer version, before changing anything', () => {
    const [one] = MIGRATIONS;
    const db = openDatabase(path, { migrations: [one!] });
    db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(999, 'from the future', Date.now());
    db.close();
    const error = catchError(() => openDatabase(path));
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code: 'newer-database' });
    expect((error as Error).message).toMatch(/newer version of Verbatim.*999 "from the future"/);
    const reopened = openDatabase(path, { migrations: [one!, { id: 999, name: 'from the future', up: '' }] });
    expect(applied(reopened).map((m) => m.id)).toEqual([one!.id, 999]); // the refused open applied nothing
    reopened.close();
  });

  it('rolls a failing migration back with the ones applied alongside it', () => {
    const migrations: Migration[] = [
      { id: 1, name: 'fine', up: 'CREATE TABLE a (x INTEGER) STRICT;' },
      { id: 2, name: 'broken', up: 'CREATE TABLE b (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);' },
    ];
    const error = catchError(() => openDatabase(path, { migrations }));
    expect(error).toMatchObject({ code: 'migration-failed' });
    expect((error as Error).message).toMatch(/Migration 2 "broken" failed: no such table: nowhere/);
    const db = openDatabase(path, { migrations: [] });
    const names = (schema(db) as { name: string }[]).map((o) => o.name);
    expect(names).not.toContain('a');
    expect(names).not.toContain('b');
    expect(applied(db)).toEqual([]);
    db.close();
  });

  it('refuses migration lists with repeated or shuffled ids', () => {
    const m = (id: number): Migration => ({ id, name: `m${id}`, up: 'SELECT 1;' });
    expect(catchError(() => openDatabase(path, { migrations: [m(2), m(1)] }))).toMatchObject({ code: 'invalid-migrations' });
    expect(catchError(() => openDatabase(path, { migrations: [m(1), m(1)] }))).toMatchObject({ code: 'invalid-migrations' });
    expect(catchError(() => openDatabase(path, { migrations: [m(0)] }))).toMatchObject({ code: 'invalid-migrations' });
  });

  it('keeps every area\'s migration ids in its range, in increasing order', () => {
    // the ranges src/db/migrations.ts lists, the last (transcription settings, 1300-1349) included
    for (const m of MIGRATIONS) expect(m.id >= 1 && m.id <= 1349, `migration ${m.id}`).toBe(true);
    const ids = MIGRATIONS.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('says clearly when the file is not a database or the directory does not exist', () => {
    writeFileSync(path, 'this is a text file, not SQLite '.repeat(100));
    const notDb = catchError(() => openDatabase(path));
    expect(notDb).toMatchObject({ code: 'open-failed' });
    expect((notDb as Error).message).toContain(path);
    const noDir = catchError(() => openDatabase(join(dir, 'missing', 'verbatim.db')));
    expect(noDir).toMatchObject({ code: 'open-failed' });
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
