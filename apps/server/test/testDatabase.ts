// Test helper: a real SQLite file in a temporary directory with every migration plus the Yjs ones, and a project
// to put transcripts in (a fresh PostgreSQL database instead under VERBATIM_TEST_DATABASE=postgres).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { AccountStore } from '../src/auth/AccountStore.ts';
import { ProjectStore } from '../src/auth/ProjectStore.ts';
import { MIGRATIONS } from '../src/db/migrations.ts';
import { openDatabase } from '../src/db/openDatabase.ts';
import { openSqlDatabase } from '../src/db/openSqlDatabase.ts';
import { createTestPostgresDatabaseSync, testsUsePostgres } from './postgres/testDatabaseEngine.ts';
import { YJS_MIGRATIONS } from '../src/yjs/yjsMigrations.ts';

/** The schema the server will run once YJS_MIGRATIONS is part of MIGRATIONS (without listing it twice). */
export const MIGRATIONS_WITH_YJS = MIGRATIONS.some((m) => m.id === YJS_MIGRATIONS[0]!.id) ? MIGRATIONS : [...MIGRATIONS, ...YJS_MIGRATIONS];

export interface TestDatabase {
  /** The SQLite file, or the PostgreSQL database's URL. */
  path: string;
  db: Database;
  projectId: string;
  ownerId: string;
  reopen(): Database;
  close(): void;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-yjs-'));
  const postgres = testsUsePostgres() ? createTestPostgresDatabaseSync({ migrations: MIGRATIONS_WITH_YJS }) : undefined;
  const path = postgres?.url ?? join(dir, 'verbatim.db');
  const opened: Database[] = [];
  const open = () => {
    // the PostgreSQL handle has the API the tests use (prepare/get/all/run/pluck, exec, transaction, close)
    const db = postgres ? (openSqlDatabase(path, { migrations: MIGRATIONS_WITH_YJS }) as unknown as Database) : openDatabase(path, { migrations: MIGRATIONS_WITH_YJS });
    opened.push(db);
    return db;
  };
  const db = open();
  const accounts = new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } });
  const owner = await accounts.createUser({ email: 'owner@example.org', password: 'owner password 1', displayName: 'Owner', isAdmin: false });
  const projectId = new ProjectStore(db).createProject('Interviews', owner.id).id;
  return {
    path,
    db,
    projectId,
    ownerId: owner.id,
    reopen: open,
    close() {
      for (const handle of opened) if (handle.open) handle.close();
      postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
