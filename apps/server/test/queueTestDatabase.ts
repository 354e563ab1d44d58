// Test helper: a migrated database in a fresh temporary directory, removed by dispose() (a fresh PostgreSQL database
// instead under VERBATIM_TEST_DATABASE=postgres).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { MIGRATIONS } from '../src/db/migrations.ts';
import { openDatabase } from '../src/db/openDatabase.ts';
import { openSqlDatabase } from '../src/db/openSqlDatabase.ts';
import { createTestPostgresDatabaseSync, testsUsePostgres } from './postgres/testDatabaseEngine.ts';

export interface TestDatabase {
  dir: string;
  /** The SQLite file, or the PostgreSQL database's URL. */
  path: string;
  db: Database;
  /** Inserts a project (jobs need one) and returns its id. */
  addProject(name?: string): string;
  dispose(): void;
}

export function createTestDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-queue-'));
  const postgres = testsUsePostgres() ? createTestPostgresDatabaseSync({ migrations: MIGRATIONS }) : undefined;
  const path = postgres?.url ?? join(dir, 'verbatim.db');
  // the PostgreSQL handle has the API the tests use (prepare/get/all/run/pluck, exec, transaction, close)
  const db = postgres ? (openSqlDatabase(path) as unknown as Database) : openDatabase(path);
  return {
    dir,
    path,
    db,
    addProject(name = 'Interviews') {
      const id = crypto.randomUUID();
      db.prepare('INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)').run(id, name, Date.now());
      return id;
    },
    dispose() {
      if (db.open) db.close();
      postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
