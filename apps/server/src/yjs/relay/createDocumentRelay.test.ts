import { afterEach, describe, expect, it } from 'vitest';
import { PostgresDatabase } from '../../db/postgres/PostgresDatabase.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/openDatabase.ts';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import { createDocumentRelay } from './createDocumentRelay.ts';
import { NO_RELAY } from './DocumentRelay.ts';
import { PostgresDocumentRelay } from './PostgresDocumentRelay.ts';

const closing: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

describe('createDocumentRelay', () => {
  it('is the no-op relay on SQLite, whatever the URL', async () => {
    // a SQLite file whatever engine the other tests use
    const dir = mkdtempSync(join(tmpdir(), 'vwb-relay-'));
    const db = openDatabase(join(dir, 'verbatim.db'), { migrations: [] });
    closing.push(() => rmSync(dir, { recursive: true, force: true }), () => db.close());
    expect(createDocumentRelay(db)).toBe(NO_RELAY);
    expect(createDocumentRelay(db, 'postgres://elsewhere/db')).toBe(NO_RELAY);
  });

  it('listens on PostgreSQL through its own connection, and refuses a PostgreSQL database without its URL', async () => {
    const url = await testPostgresDatabase();
    const db = new PostgresDatabase(url);
    closing.push(() => db.close());
    const relay = createDocumentRelay(db, url);
    closing.push(() => relay.dispose());
    expect(relay).toBeInstanceOf(PostgresDocumentRelay);
    await (relay as PostgresDocumentRelay).ready();
    const { rows } = db.execRaw("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'verbatim-yjs-relay' AND query LIKE 'LISTEN%'");
    expect(rows[0]!['n']).toBe(1);
    expect(() => createDocumentRelay(db)).toThrow(/needs the PostgreSQL URL/);
  });
});
