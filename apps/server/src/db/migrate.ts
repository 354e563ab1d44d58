import type { SqlDatabase } from './SqlDatabase.ts';
import { DatabaseError } from './DatabaseError.ts';
import type { Migration } from './Migration.ts';
import { PostgresDatabase } from './postgres/PostgresDatabase.ts';
import { POSTGRES_PRELUDE } from './postgres/postgresPrelude.ts';
import { toPostgresMigration } from './postgres/toPostgresMigration.ts';

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
 *
 * On PostgreSQL the transaction first takes an advisory lock (`pg_advisory_xact_lock`), so a second server migrating
 * the same database at once waits for the first and then finds nothing left to do; `POSTGRES_PRELUDE` (SQLite's
 * functions) is brought up to date, then each pending migration runs as `toPostgresMigration` gives it.
 */
export function migrate(db: SqlDatabase, migrations: readonly Migration[], now: () => number = Date.now): number[] {
  checkMigrations(migrations);
  if (db instanceof PostgresDatabase) return migratePostgres(db, migrations, now);
  const run = db.transaction((): number[] => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    ) STRICT`);
    const applied = db.prepare<[], AppliedRow>('SELECT id, name FROM schema_migrations ORDER BY id').all();
    checkNotNewer(applied, migrations, 'point it at another data directory');
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

// the schema_migrations id that serializes migrations on one PostgreSQL database (any fixed number; 'vrbm')
const MIGRATION_LOCK = 0x7672626d;

function migratePostgres(db: PostgresDatabase, migrations: readonly Migration[], now: () => number): number[] {
  const run = db.transaction((): number[] => {
    // waits for another server's migration however long it takes, then reads what that one applied
    db.execRaw('SET LOCAL lock_timeout = 0');
    db.execRaw('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    db.execRaw(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id BIGINT PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`);
    const applied = db.execRaw('SELECT id, name FROM schema_migrations ORDER BY id').rows as unknown as AppliedRow[];
    checkNotNewer(applied, migrations, 'point it at another database');
    db.execRaw(POSTGRES_PRELUDE);
    const done = new Set(applied.map((row) => row.id));
    const ran: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      try {
        db.execRaw(toPostgresMigration(migration));
      } catch (error) {
        if ((error as { code?: unknown }).code === 'database-unavailable') throw error;
        throw new DatabaseError(
          'migration-failed',
          `Migration ${migration.id} "${migration.name}" failed: ${(error as Error).message}. Nothing was changed.`,
          { cause: error },
        );
      }
      db.execRaw('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [migration.id, migration.name, now()]);
      ran.push(migration.id);
    }
    return ran;
  });
  // READ COMMITTED (not .immediate()'s SERIALIZABLE): after waiting for the lock, the statements see what the other
  // server committed
  return run();
}

function checkNotNewer(applied: readonly AppliedRow[], migrations: readonly Migration[], elsewhere: string): void {
  const known = new Set(migrations.map((m) => m.id));
  const unknown = applied.filter((row) => !known.has(row.id));
  if (unknown.length > 0) {
    const list = unknown.map((row) => `${row.id} "${row.name}"`).join(', ');
    throw new DatabaseError(
      'newer-database',
      `This database was written by a newer version of Verbatim (it has migrations this version does not know: ${list}). ` +
        `Upgrade Verbatim, or ${elsewhere}.`,
    );
  }
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
