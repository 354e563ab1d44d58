import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testPostgresDatabase } from './testPostgresDatabase.ts';

describe('the test PostgreSQL server', () => {
  it('gives each caller its own empty database', async () => {
    const [a, b] = [await testPostgresDatabase(), await testPostgresDatabase()];
    expect(a).not.toBe(b);
    const client = new pg.Client({ connectionString: a });
    await client.connect();
    try {
      await client.query('CREATE TABLE t (x int)');
      const { rows } = await client.query<{ version: string }>('SELECT version()');
      expect(rows[0]!.version).toMatch(/^PostgreSQL \d+/);
    } finally {
      await client.end();
    }
    const other = new pg.Client({ connectionString: b });
    await other.connect();
    try {
      const { rows } = await other.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 't'");
      expect(rows[0]!.n).toBe(0);
    } finally {
      await other.end();
    }
  });
});
