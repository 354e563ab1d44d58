import { inject } from 'vitest';
import type { Migration } from '../../src/db/Migration.ts';
import { openSqlDatabase } from '../../src/db/openSqlDatabase.ts';
import { PostgresDatabase } from '../../src/db/postgres/PostgresDatabase.ts';
// declares `postgresUrl` in vitest's ProvidedContext
import type {} from './postgresGlobalSetup.ts';

/**
 * Whether the shared test helpers (`openTestDatabase`, `createTestDatabase`, `startTestServer`) open a fresh
 * PostgreSQL database on the run's private server instead of a SQLite file: `VERBATIM_TEST_DATABASE=postgres`
 * (`npm run test:postgres`).
 */
export function testsUsePostgres(): boolean {
  return process.env['VERBATIM_TEST_DATABASE'] === 'postgres';
}

/** A database made synchronously on the test server; `drop()` removes it (closing whatever is still connected). */
export interface SyncTestPostgresDatabase {
  readonly url: string;
  drop(): void;
}

/**
 * {@link testPostgresDatabase} for synchronous helpers: creates a database through a `PostgresDatabase` on the run's
 * superuser URL (`inject('postgresUrl')`) — empty, or with `migrations` already applied: copied from a template
 * database migrated once per run and list (migrating each test's database anew costs about half a second).
 */
export function createTestPostgresDatabaseSync(options: { migrations?: readonly Migration[] } = {}): SyncTestPostgresDatabase {
  const admin = inject('postgresUrl');
  if (!admin) throw new Error('No test PostgreSQL server: run this test through the workspace vitest config (its globalSetup starts one).');
  const name = `t_${crypto.randomUUID().replaceAll('-', '')}`;
  const db = new PostgresDatabase(admin, { applicationName: 'verbatim-test-admin' });
  try {
    const template = options.migrations === undefined ? undefined : migratedTemplate(db, admin, options.migrations);
    db.execRaw(`CREATE DATABASE ${name}${template === undefined ? '' : ` TEMPLATE ${template}`}`);
  } finally {
    db.close();
  }
  return {
    url: databaseUrl(admin, name),
    drop() {
      const handle = new PostgresDatabase(admin, { applicationName: 'verbatim-test-admin' });
      try {
        handle.execRaw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        handle.close();
      }
    },
  };
}

function databaseUrl(admin: string, name: string): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

// the template for this list of migrations, made by the first test process that needs it (the others wait on an
// advisory lock); it is migrated under another name and renamed when done, so no one copies a half-made one
function migratedTemplate(db: PostgresDatabase, admin: string, migrations: readonly Migration[]): string {
  let hash = 0x811c9dc5;
  for (const m of migrations) hash = Math.imul(hash ^ m.id, 16777619);
  const name = `tpl_${migrations.length}_${(hash >>> 0).toString(36)}`;
  db.execRaw('SELECT pg_advisory_lock($1)', [hash]);
  try {
    if (db.execRaw('SELECT 1 FROM pg_database WHERE datname = $1', [name]).rows.length === 0) {
      const making = `${name}_making`;
      db.execRaw(`DROP DATABASE IF EXISTS ${making}`);
      db.execRaw(`CREATE DATABASE ${making}`);
      openSqlDatabase(databaseUrl(admin, making), { migrations, applicationName: 'verbatim-test-template' }).close();
      db.execRaw(`ALTER DATABASE ${making} RENAME TO ${name}`);
    }
  } finally {
    db.execRaw('SELECT pg_advisory_unlock($1)', [hash]);
  }
  return name;
}
