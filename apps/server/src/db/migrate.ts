import type { SqlDatabase } from './SqlDatabase.ts';
import { DatabaseError } from './DatabaseError.ts';
import type { Migration } from './Migration.ts';

interface AppliedRow {
  id: number;
  name: string;
}

/**
 * Brings `db` up to date: creates `schema_migrations` if needed and applies the migrations it does not list yet,
 * all in one immediate transaction (so two processes opening the same file at once apply them once, and a failing
 * migration leaves the database as it was). Returns the ids applied now; an up-to-date database gives `[]`.
 *
 * A database that lists migrations this version does not know was written by a newer Verbatim: it is refused
 * (`newer-database`) before anything is changed.
 */
export function migrate(db: SqlDatabase, migrations: readonly Migration[], now: () => number = Date.now): number[] {
  checkMigrations(migrations);
  const run = db.transaction((): number[] => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    ) STRICT`);
    const applied = db.prepare<[], AppliedRow>('SELECT id, name FROM schema_migrations ORDER BY id').all();
    const known = new Set(migrations.map((m) => m.id));
    const unknown = applied.filter((row) => !known.has(row.id));
    if (unknown.length > 0) {
      const list = unknown.map((row) => `${row.id} "${row.name}"`).join(', ');
      throw new DatabaseError(
        'newer-database',
        `This database was written by a newer version of Verbatim (it has migrations this version does not know: ${list}). ` +
          'Upgrade Verbatim, or point it at another data directory.',
      );
    }
    const done = new Set(applied.map((row) => row.id));
    const record = db.prepare<[number, string, number]>('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
    const ran: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      try {
        db.exec(migration.up);
      } catch (error) {
        throw new DatabaseError(
          'migration-failed',
          `Migration ${migration.id} "${migration.name}" failed: ${(error as Error).message}. Nothing was changed.`,
          { cause: error },
        );
      }
      record.run(migration.id, migration.name, now());
      ran.push(migration.id);
    }
    return ran;
  });
  return run.immediate();
}

// a list with repeated or shuffled ids is a programming error that would corrupt the recorded history
function checkMigrations(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.id) || m.id <= previous) {
      throw new DatabaseError(
        'invalid-migrations',
        `Migration ids must be positive integers in increasing order; ${m.id} "${m.name}" comes after ${previous}.`,
      );
    }
    previous = m.id;
  }
}
