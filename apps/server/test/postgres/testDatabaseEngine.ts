import { inject } from 'vitest';
import { PostgresDatabase } from '../../src/db/postgres/PostgresDatabase.ts';

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
 * {@link testPostgresDatabase} for synchronous helpers: creates an empty database through a `PostgresDatabase` on
 * the run's superuser URL (`inject('postgresUrl')`).
 */
export function createTestPostgresDatabaseSync(): SyncTestPostgresDatabase {
  const admin = inject('postgresUrl');
  if (!admin) throw new Error('No test PostgreSQL server: run this test through the workspace vitest config (its globalSetup starts one).');
  const name = `t_${crypto.randomUUID().replaceAll('-', '')}`;
  const db = new PostgresDatabase(admin, { applicationName: 'verbatim-test-admin' });
  try {
    db.execRaw(`CREATE DATABASE ${name}`);
  } finally {
    db.close();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
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
