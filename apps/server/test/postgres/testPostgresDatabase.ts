import pg from 'pg';
import { inject } from 'vitest';

/**
 * Creates an empty database on the test run's private PostgreSQL server (started by `postgresGlobalSetup.ts`) and
 * returns its URL: each test (or file) gets its own, so tests never see each other's rows. The server and its
 * databases go away at the end of the run.
 *
 * @example
 * const url = await testPostgresDatabase();
 * const db = openPostgresDatabase(url);
 */
export async function testPostgresDatabase(): Promise<string> {
  const admin = inject('postgresUrl');
  if (!admin) throw new Error('No test PostgreSQL server: run this test through the workspace vitest config (its globalSetup starts one).');
  const name = `t_${crypto.randomUUID().replaceAll('-', '')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
