// Each prelude function against SQLite itself: the same expression, evaluated by both, gives the same value.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import { POSTGRES_PRELUDE } from './postgresPrelude.ts';

let client: pg.Client;
const sqlite = new BetterSqlite3(':memory:');

beforeAll(async () => {
  client = new pg.Client({ connectionString: await testPostgresDatabase() });
  await client.connect();
  // twice: it is idempotent
  await client.query(POSTGRES_PRELUDE);
  await client.query(POSTGRES_PRELUDE);
});

afterAll(async () => {
  await client?.end();
  sqlite.close();
});

// values as the bridge gives them: booleans as 1/0, every number (PostgreSQL's int8 and numeric come as text) as text
function plain(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

async function both(expression: string): Promise<{ sqlite: string | null; postgres: string | null }> {
  const a = sqlite.prepare(`SELECT ${expression} AS v`).get() as { v: unknown };
  const { rows } = await client.query<{ v: unknown }>(`SELECT ${expression} AS v`);
  return { sqlite: plain(a.v), postgres: plain(rows[0]!.v) };
}

const CASES: Record<string, [expression: string, value: string | null][]> = {
  ifnull: [
    ["ifnull(NULL, 'a')", 'a'],
    ["ifnull('x', 'a')", 'x'],
    ['ifnull(NULL, NULL)', null],
    ['ifnull(1, 2)', '1'],
  ],
  json_valid: [
    [`json_valid('{"a":[1,2.5,"x",null,true]}')`, '1'],
    ["json_valid('1')", '1'],
    ["json_valid('not json')", '0'],
    ["json_valid('[1,2')", '0'],
    ["json_valid('')", '0'],
    ["json_valid('{\"a\":1,}')", '0'],
    ['json_valid(NULL)', null],
  ],
  json_type: [
    ["json_type('[1]')", 'array'],
    ["json_type('{}')", 'object'],
    [`json_type('{"a":1.5}', '$.a')`, 'real'],
    [`json_type('{"a":-2}', '$.a')`, 'integer'],
    [`json_type('{"a":"x"}', '$.a')`, 'text'],
    [`json_type('{"a":true}', '$.a')`, 'true'],
    [`json_type('{"a":false}', '$.a')`, 'false'],
    [`json_type('{"a":null}', '$.a')`, 'null'],
    [`json_type('{"a":1}', '$.b')`, null],
    ['json_type(NULL)', null],
  ],
  json_extract: [
    [`json_extract('{"mediaId":"m1"}', '$.mediaId')`, 'm1'],
    [`json_extract('{"n":3}', '$.n')`, '3'],
    [`json_extract('{"n":2.5}', '$.n')`, '2.5'],
    [`json_extract('{"t":true,"f":false}', '$.t')`, '1'],
    [`json_extract('{"t":true,"f":false}', '$.f')`, '0'],
    [`json_extract('{"n":null}', '$.n')`, null],
    [`json_extract('{"n":1}', '$.missing')`, null],
    [`json_extract('{"a":{"b":[5,6]}}', '$.a.b[1]')`, '6'],
    [`json_extract('{"odd key":"v"}', '$."odd key"')`, 'v'],
    [`json_extract('[1,2]', '$.a')`, null],
    ["json_extract(NULL, '$.a')", null],
  ],
  glob: [
    ["glob('*.txt', 'a.txt')", '1'],
    ["glob('*.txt', 'a.TXT')", '0'],
    ["glob('a?c', 'abc')", '1'],
    ["glob('a?c', 'ac')", '0'],
    ["glob('[a-c]x', 'bx')", '1'],
    ["glob('[^a-c]x', 'bx')", '0'],
    ["glob('[^a-c]x', 'dx')", '1'],
    ["glob('[]]', ']')", '1'],
    ["glob('a.c', 'abc')", '0'],
    ["glob('(x)+|$^', '(x)+|$^')", '1'],
    ["glob('a\\b', 'a\\b')", '1'],
    ["glob('a[', 'a[')", '0'],
    ["glob('*', '')", '1'],
    ["glob(NULL, 'a')", null],
  ],
  instr: [
    ["instr('hello', 'll')", '3'],
    ["instr('hello', 'z')", '0'],
    ["instr('héllo', 'l')", '3'],
    ["instr(NULL, 'a')", null],
  ],
  'scalar max and min': [
    ['max(1, 2)', '2'],
    ['min(1, 2)', '1'],
    ["max('a', 'b')", 'b'],
    ['min(3.5, 2)', '2'],
    ['max(1, NULL)', null],
    ['min(NULL, 1)', null],
  ],
  'sum of booleans': [
    ['(SELECT sum(x IS NOT NULL) FROM (SELECT 1 AS x UNION ALL SELECT NULL UNION ALL SELECT 3) AS t)', '2'],
    ['(SELECT sum(x > 1) FROM (SELECT 1 AS x UNION ALL SELECT NULL UNION ALL SELECT 3) AS t)', '1'],
    ['(SELECT sum(x IS NULL) FROM (SELECT 1 AS x) AS t WHERE x = 0)', null],
  ],
  'the built-ins the statements use (PostgreSQL has them)': [
    ["substr('hello', 2, 3)", 'ell'],
    ["substr('hello', 2)", 'ello'],
    ["length('héllo')", '5'],
    ['length(NULL)', null],
    ["coalesce(NULL, 'b')", 'b'],
  ],
};

describe('POSTGRES_PRELUDE', () => {
  for (const [name, cases] of Object.entries(CASES)) {
    it.each(cases)(`${name}: %s is %s on both engines`, async (expression, value) => {
      expect(await both(expression)).toEqual({ sqlite: value, postgres: value });
    });
  }

  it('length of a blob is its bytes on both', async () => {
    const blob = Buffer.from([0, 1, 255, 0]);
    expect((sqlite.prepare('SELECT length(?) AS v').get(blob) as { v: number }).v).toBe(4);
    expect((await client.query('SELECT length($1::bytea) AS v', [blob])).rows[0].v).toBe(4);
  });

  it('json_extract gives an object or array as JSON text (PostgreSQL spaces it)', async () => {
    const { rows } = await client.query(`SELECT json_extract('{"a":{"b":1}}', '$.a') AS v`);
    expect(JSON.parse(rows[0].v as string)).toEqual({ b: 1 });
  });

  it('makes its functions IMMUTABLE, so that CHECK constraints and index expressions may call them', async () => {
    const { rows } = await client.query<{ name: string; volatility: string }>(
      `SELECT p.proname AS name, p.provolatile AS volatility FROM pg_proc p
       WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f' ORDER BY 1`,
    );
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['ifnull', 'json_valid', 'json_type', 'json_extract', 'glob', 'instr', 'max', 'min']));
    expect(rows.filter((r) => r.volatility !== 'i')).toEqual([]);
    await client.query("CREATE TABLE t (k TEXT, j TEXT CHECK (json_valid(j)), g TEXT CHECK (g IS NULL OR glob('v*', g)))");
    await client.query("CREATE UNIQUE INDEX t_k ON t (ifnull(k, ''), json_extract(j, '$.a'))");
    await client.query(`INSERT INTO t (k, j, g) VALUES (NULL, '{"a":1}', 'v2')`);
    await expect(client.query(`INSERT INTO t (k, j) VALUES ('', '{"a":1}')`)).rejects.toMatchObject({ code: '23505' });
    await expect(client.query(`INSERT INTO t (k, j) VALUES ('x', 'nope')`)).rejects.toMatchObject({ code: '23514' });
    await expect(client.query(`INSERT INTO t (k, j, g) VALUES ('y', '{}', 'w')`)).rejects.toMatchObject({ code: '23514' });
  });

  it('makes COLLATE NOCASE compare without case, in UNIQUE and in =', async () => {
    await client.query('CREATE TABLE u (email TEXT NOT NULL COLLATE NOCASE UNIQUE)');
    await client.query("INSERT INTO u VALUES ('ann@example.org')");
    expect((await client.query("SELECT count(*)::int AS n FROM u WHERE email = 'Ann@Example.ORG'")).rows[0].n).toBe(1);
    await expect(client.query("INSERT INTO u VALUES ('ANN@example.org')")).rejects.toMatchObject({ code: '23505' });
    await expect(client.query("INSERT INTO u VALUES ('bob@example.org')")).resolves.toBeDefined();
  });
});
