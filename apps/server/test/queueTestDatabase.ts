// Test helper: a migrated database in a fresh temporary directory, removed by dispose().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../src/db/openDatabase.ts';

export interface TestDatabase {
  dir: string;
  path: string;
  db: Database;
  /** Inserts a project (jobs need one) and returns its id. */
  addProject(name?: string): string;
  dispose(): void;
}

export function createTestDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-queue-'));
  const path = join(dir, 'verbatim.db');
  const db = openDatabase(path);
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
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
