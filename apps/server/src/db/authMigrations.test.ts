import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_MIGRATIONS } from './authMigrations.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';
import { openDatabase } from './openDatabase.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'verbatim-auth-migrations-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('AUTH_MIGRATIONS', () => {
  it('uses ids 100-199 in increasing order', () => {
    const ids = AUTH_MIGRATIONS.map((m) => m.id);
    expect(ids.every((id) => id >= 100 && id <= 199)).toBe(true);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it('creates the account tables once; reopening changes nothing', () => {
    const path = join(dir, 'verbatim.db');
    const db = openDatabase(path);
    const tables = db
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
      .all()
      .map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'api_tokens', 'projects', 'project_members']));
    db.prepare(`INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES ('u1', 'a@b', 'A', 'h', 1)`).run();
    db.close();

    const again = openDatabase(path);
    expect(migrate(again, MIGRATIONS)).toEqual([]);
    expect(again.prepare('SELECT id FROM schema_migrations WHERE id BETWEEN 100 AND 199 ORDER BY id').pluck().all()).toEqual(AUTH_MIGRATIONS.map((m) => m.id));
    expect(again.prepare('SELECT COUNT(*) AS n FROM users').get()).toEqual({ n: 1 });
    // foreign keys hold: a session for a missing user is refused, and deleting a user removes its sessions
    expect(() => again.prepare(`INSERT INTO sessions VALUES ('s0', 'nobody', 1, 2, 1, 'k')`).run()).toThrow(/FOREIGN KEY/);
    again.prepare(`INSERT INTO sessions VALUES ('s1', 'u1', 1, 2, 1, 'k')`).run();
    again.prepare(`DELETE FROM users WHERE id = 'u1'`).run();
    expect(again.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    again.close();
  });

  it('gives the projects of an older database the default review threshold', () => {
    const path = join(dir, 'verbatim.db');
    const old = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.id < 102) });
    old.prepare(`INSERT INTO projects (id, name, created_at) VALUES ('p1', 'Old', 1)`).run();
    old.close();
    const upgraded = openDatabase(path);
    expect(upgraded.prepare('SELECT review_threshold FROM projects').get()).toEqual({ review_threshold: 0.6 });
    expect(() => upgraded.prepare('UPDATE projects SET review_threshold = -1').run()).toThrow(/CHECK/);
    upgraded.close();
  });
});
