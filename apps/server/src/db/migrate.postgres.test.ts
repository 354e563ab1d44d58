import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInWorker } from '../../test/postgres/runInWorker.ts';
import { testPostgresDatabase } from '../../test/postgres/testPostgresDatabase.ts';
import { DatabaseError } from './DatabaseError.ts';
import { migrate } from './migrate.ts';
import type { Migration } from './Migration.ts';
import { MIGRATIONS } from './migrations.ts';
import { isDatabaseUrl, openSqlDatabase } from './openSqlDatabase.ts';
import { PostgresDatabase } from './postgres/PostgresDatabase.ts';
import { sqlDialect } from './sqlDialect.ts';

// written in SQLite's dialect, as every migration is: toPostgresMigration translates them
const TEST_MIGRATIONS: Migration[] = [
  { id: 1, name: 'notes', up: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, score REAL) STRICT;' },
  { id: 2, name: 'notes: tags', up: "ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags));" },
];

let url: string;
const opened: PostgresDatabase[] = [];

function open(): PostgresDatabase {
  const db = new PostgresDatabase(url);
  opened.push(db);
  return db;
}

beforeEach(async () => {
  url = await testPostgresDatabase();
});

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('migrate on PostgreSQL', () => {
  it('brings a fresh database up to date once, with SQLite’s functions, and then finds nothing to do', () => {
    const db = open();
    expect(migrate(db, TEST_MIGRATIONS, () => 42)).toEqual([1, 2]);
    expect(db.prepare('SELECT id, name, applied_at FROM schema_migrations ORDER BY id').all()).toEqual([
      { id: 1, name: 'notes', applied_at: 42 },
      { id: 2, name: 'notes: tags', applied_at: 42 },
    ]);
    // the prelude came first: the CHECK calls json_valid
    expect(() => db.prepare(`INSERT INTO notes (body, tags) VALUES ('a', 'not json')`).run()).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_CHECK' }));
    // the refused row took id 1: PostgreSQL's sequences do not roll back (SQLite would give 1 again)
    expect(db.prepare(`INSERT INTO notes (body) VALUES ('a') RETURNING id`).get()).toEqual({ id: 2 });
    expect(migrate(open(), TEST_MIGRATIONS)).toEqual([]);
    expect(migrate(open(), [...TEST_MIGRATIONS, { id: 3, name: 'notes: index', up: 'CREATE INDEX notes_by_score ON notes(score);' }])).toEqual([3]);
  });

  it('refuses a database written by a newer version before changing anything', () => {
    migrate(open(), TEST_MIGRATIONS);
    const error = (() => {
      try {
        migrate(open(), TEST_MIGRATIONS.slice(0, 1));
      } catch (e) {
        return e as DatabaseError;
      }
      throw new Error('expected a refusal');
    })();
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error.code).toBe('newer-database');
    expect(error.message).toContain('2 "notes: tags"');
  });

  it('leaves the database as it was when a migration fails', () => {
    const broken = [...TEST_MIGRATIONS, { id: 3, name: 'broken', up: 'CREATE TABLE notes (id INTEGER);' }];
    expect(() => migrate(open(), broken)).toThrow(expect.objectContaining({ code: 'migration-failed', message: expect.stringMatching(/^Migration 3 "broken" failed: relation "notes" already exists/) }));
    const db = open();
    expect(db.execRaw(`SELECT to_regclass('schema_migrations') AS t`).rows).toEqual([{ t: null }]);
  });

  it('applies each migration once when two servers migrate at once: the second waits for the first', async () => {
    // hold the migration lock, start two migrating threads, and let go only once both are waiting for it
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [0x7672626d]);
      const both = Promise.all([runInWorker({ task: 'migrate', url, migrations: TEST_MIGRATIONS }), runInWorker({ task: 'migrate', url, migrations: TEST_MIGRATIONS })]);
      for (;;) {
        const { rows } = await holder.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
        if (rows[0]!.n === 2) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await holder.query('COMMIT');
      const results = (await both) as number[][];
      expect(results.map((ids) => ids.length).sort()).toEqual([0, 2]);
    } finally {
      await holder.end();
    }
    expect(open().prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(2);
  }, 60_000);

  it('openSqlDatabase opens a PostgreSQL URL with every migration, and a path as SQLite', () => {
    expect(isDatabaseUrl('postgres://db/verbatim')).toBe(true);
    expect(isDatabaseUrl('postgresql://db/verbatim')).toBe(true);
    expect(isDatabaseUrl('/var/lib/verbatim/verbatim.db')).toBe(false);
    const db = openSqlDatabase(url) as PostgresDatabase;
    opened.push(db);
    expect(sqlDialect(db)).toBe('postgres');
    expect(db.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all()).toEqual(MIGRATIONS.map((m) => m.id));
    const dir = mkdtempSync(join(tmpdir(), 'verbatim-open-'));
    try {
      const file = openSqlDatabase(join(dir, 'verbatim.db'));
      expect(sqlDialect(file)).toBe('sqlite');
      expect(file.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
      file.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('openSqlDatabase names the server it cannot reach', () => {
    expect(() => openSqlDatabase('postgres://verbatim@127.0.0.1:1/verbatim')).toThrow(
      expect.objectContaining({ code: 'open-failed', message: expect.stringContaining('127.0.0.1:1/verbatim') }),
    );
  });
});
