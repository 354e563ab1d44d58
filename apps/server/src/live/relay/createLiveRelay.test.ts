import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import { openDatabase } from '../../db/openDatabase.ts';
import { PostgresDatabase } from '../../db/postgres/PostgresDatabase.ts';
import { createLiveRelay } from './createLiveRelay.ts';
import { NO_LIVE_RELAY } from './LiveRelay.ts';
import { PostgresLiveRelay } from './PostgresLiveRelay.ts';

const closing: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

describe('createLiveRelay', () => {
  it('is the no-op relay on SQLite, whatever the URL', () => {
    // a SQLite file whatever engine the other tests use
    const dir = mkdtempSync(join(tmpdir(), 'vwb-live-relay-'));
    const db = openDatabase(join(dir, 'verbatim.db'), { migrations: [] });
    closing.push(() => rmSync(dir, { recursive: true, force: true }), () => db.close());
    expect(createLiveRelay(db)).toBe(NO_LIVE_RELAY);
    expect(createLiveRelay(db, 'postgres://elsewhere/db')).toBe(NO_LIVE_RELAY);
  });

  it('listens on PostgreSQL through a connection of its own, and refuses a PostgreSQL database without its URL', async () => {
    const url = await testPostgresDatabase();
    const db = new PostgresDatabase(url);
    closing.push(() => db.close());
    const relay = createLiveRelay(db, url);
    closing.push(() => relay.dispose());
    expect(relay).toBeInstanceOf(PostgresLiveRelay);
    await (relay as PostgresLiveRelay).ready();
    const { rows } = db.execRaw("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'verbatim-live-relay' AND query = 'LISTEN verbatim_live'");
    expect(rows[0]!['n']).toBe(1);
    expect(() => createLiveRelay(db)).toThrow(/needs the PostgreSQL URL/);
  });
});
