import { describe, expect, it } from 'vitest';
import { bindPostgresParameters } from './bindPostgresParameters.ts';
import { completeUpsert, translatedText, translateStatement } from './translateStatement.ts';

const text = (source: string) => translatedText(translateStatement(source));
const bind = (source: string, ...args: unknown[]) => bindPostgresParameters(translateStatement(source), args);

describe('translateStatement', () => {
  it('numbers positional parameters and keeps literals, quoted names and comments as they are', () => {
    expect(text(`SELECT * FROM t WHERE a = ? AND b = '?' AND "c?" = ? -- is ? here\n/* and ? */ OR d = ?`)).toBe(
      `SELECT * FROM t WHERE a = $1 AND b = '?' AND "c?" = $2 -- is ? here\n/* and ? */ OR d = $3`,
    );
    expect(text(`SELECT 'it''s ? @x' AS s, ? AS v`)).toBe(`SELECT 'it''s ? @x' AS s, $1 AS v`);
    expect(translateStatement('SELECT ?, ?').positionalCount).toBe(2);
    expect(text(`CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$ SELECT 'a' LIKE '?' $body$; SELECT $$?$$, ?`)).toBe(
      `CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$ SELECT 'a' LIKE '?' $body$; SELECT $$?$$, $1`,
    );
  });

  it('gives every occurrence of a named parameter its own number, whatever its prefix', () => {
    const statement = translateStatement('UPDATE t SET a = @a, b = :b WHERE c = $c OR a = @a');
    expect(translatedText(statement)).toBe('UPDATE t SET a = $1, b = $2 WHERE c = $3 OR a = $4');
    expect(statement.slots.map((s) => s.key)).toEqual(['a', 'b', 'c', 'a']);
    expect(statement.names).toEqual(['a', 'b', 'c']);
    expect(statement.positionalCount).toBe(0);
  });

  it('reads ?NNN as SQLite does', () => {
    const statement = translateStatement('SELECT ?2, ?1, ?');
    expect(statement.slots.map((s) => s.key)).toEqual([1, 0, 2]);
    expect(statement.positionalCount).toBe(3);
  });

  it('makes LIKE case-insensitive as SQLite’s is, outside literals', () => {
    expect(text(`SELECT 'LIKE' FROM t WHERE name LIKE ? ESCAPE '\\' AND x NOT like 'a%'`)).toBe(
      `SELECT 'LIKE' FROM t WHERE name ILIKE $1 ESCAPE '\\' AND x NOT ILIKE 'a%'`,
    );
  });

  it('turns INSERT OR IGNORE into ON CONFLICT DO NOTHING, before RETURNING and per statement', () => {
    expect(text('INSERT OR IGNORE INTO t (a) VALUES (?)')).toBe('INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING ');
    expect(text('insert or ignore into t (a) values (?) returning a')).toBe('insert into t (a) values ($1)  ON CONFLICT DO NOTHING returning a');
    expect(text("INSERT OR IGNORE INTO t VALUES ('x');\nINSERT INTO u VALUES (1);")).toBe(
      "INSERT INTO t VALUES ('x') ON CONFLICT DO NOTHING ;\nINSERT INTO u VALUES (1);",
    );
  });

  it('upserts on the primary key for INSERT OR REPLACE, once the database has said which it is', () => {
    const statement = translateStatement('INSERT OR REPLACE INTO job_models (job_id, model_id, "Odd") VALUES (?, ?, ?) RETURNING job_id');
    expect(statement.upsert).toEqual({ table: 'job_models', columns: ['job_id', 'model_id', 'Odd'] });
    expect(translatedText(completeUpsert(statement, ['job_id'], ['job_id', 'model_id', 'Odd', 'other']))).toBe(
      'INSERT INTO job_models (job_id, model_id, "Odd") VALUES ($1, $2, $3)  ON CONFLICT ("job_id") DO UPDATE SET "model_id" = excluded."model_id", "Odd" = excluded."Odd" RETURNING job_id',
    );
    const bare = translateStatement('INSERT OR REPLACE INTO tags VALUES (?, ?)');
    expect(translatedText(completeUpsert(bare, ['a', 'b'], ['a', 'b']))).toBe('INSERT INTO tags VALUES ($1, $2) ON CONFLICT ("a", "b") DO NOTHING ');
  });

  it('names a subquery in FROM, as PostgreSQL 15 wants', () => {
    expect(text('SELECT x FROM (SELECT seq AS x FROM t ORDER BY seq DESC LIMIT ?) ORDER BY x')).toBe(
      'SELECT x FROM (SELECT seq AS x FROM t ORDER BY seq DESC LIMIT $1) AS verbatim_subquery_1 ORDER BY x',
    );
    expect(text('SELECT x FROM (SELECT 1 AS x) AS named JOIN (SELECT 1 AS y) other ON 1 = 1')).toBe(
      'SELECT x FROM (SELECT 1 AS x) AS named JOIN (SELECT 1 AS y) other ON 1 = 1',
    );
    expect(text('SELECT count(*) FROM (SELECT 1)')).toBe('SELECT count(*) FROM (SELECT 1) AS verbatim_subquery_1');
  });

  it('compares with a parameter null-safely, as SQLite’s IS does', () => {
    expect(text('DELETE FROM s WHERE u = ? AND id IS NOT ?')).toBe('DELETE FROM s WHERE u = $1 AND id IS DISTINCT FROM $2');
    expect(text('SELECT 1 WHERE a IS ? AND b IS NULL AND c IS NOT NULL')).toBe('SELECT 1 WHERE a IS NOT DISTINCT FROM $1 AND b IS NULL AND c IS NOT NULL');
  });

  it('rewrites the SQLite functions PostgreSQL spells differently', () => {
    expect(text("SELECT ifnull(a, '') FROM t")).toBe("SELECT coalesce(a, '') FROM t");
    expect(text("SELECT SUM(action = 'accept') AS n, sum(x) FROM r")).toBe("SELECT SUM(CAST((action = 'accept') AS INTEGER)) AS n, sum(x) FROM r");
    expect(text('SELECT group_concat(name) FROM t')).toBe("SELECT string_agg(CAST(name AS TEXT), ',') FROM t");
    expect(text("SELECT group_concat(name, '; ') FROM t")).toBe("SELECT string_agg(CAST(name AS TEXT), '; ') FROM t");
    expect(text('SELECT total(x) FROM t')).toBe('SELECT coalesce(sum(x)::double precision, 0.0) FROM t');
    expect(text('SELECT CAST(a AS INTEGER), cast(b as real), CAST(c AS TEXT) FROM t')).toBe(
      'SELECT CAST(a AS BIGINT), cast(b as DOUBLE PRECISION), CAST(c AS TEXT) FROM t',
    );
    expect(text('SELECT a FROM t WHERE a == 1')).toBe('SELECT a FROM t WHERE a = 1');
    expect(text('UPDATE jobs INDEXED BY jobs_leases SET a = 1 WHERE seq = (SELECT seq FROM jobs NOT INDEXED)')).toBe(
      'UPDATE jobs  SET a = 1 WHERE seq = (SELECT seq FROM jobs )',
    );
  });

  it('caches each source', () => {
    expect(translateStatement('SELECT ? AS cached')).toBe(translateStatement('SELECT ? AS cached'));
  });
});

describe('bindPostgresParameters', () => {
  it('casts each value by its type: integers bigint, other numbers double precision, Buffers bytea', () => {
    expect(bind('SELECT ? + 1, ?, ?, ?, ?', 3_000_000_000, 0.5, 'x', null, Buffer.from('a'))).toEqual({
      text: 'SELECT $1::bigint + 1, $2::double precision, $3, $4, $5::bytea',
      values: [3_000_000_000, 0.5, 'x', null, Buffer.from('a')],
    });
    expect(bind('SELECT ?', 12n)).toEqual({ text: 'SELECT $1::bigint', values: ['12'] });
  });

  it('gives a parameter a type where PostgreSQL cannot infer one, and int where the function takes int', () => {
    expect(bind('SELECT 1 WHERE (? IS NULL OR p = ?)', null, 'p1').text).toBe('SELECT 1 WHERE ($1::text IS NULL OR p = $2)');
    expect(bind('SELECT 1 WHERE @p IS NOT NULL AND p = @p', { p: 'x' }).text).toBe('SELECT 1 WHERE $1::text IS NOT NULL AND p = $2');
    expect(bind('SELECT substr(?, ?, ?)', 5, 1, 2).text).toBe('SELECT substr($1::bigint, $2::int, $3::int)');
  });

  it('binds as better-sqlite3 does: arrays spread, one object for names, refusals with its messages', () => {
    expect(bind('SELECT ?, ?, @n', [1, 2], { n: 3 }).values).toEqual([1, 2, 3]);
    expect(bind('SELECT ?', undefined).values).toEqual([null]);
    expect(() => bind('SELECT ?', true)).toThrow(new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null'));
    expect(() => bind('SELECT ?', new Date())).toThrow(TypeError);
    expect(() => bind('SELECT ?, ?', 1)).toThrow(new RangeError('Too few parameter values were provided'));
    expect(() => bind('SELECT ?', 1, 2)).toThrow(new RangeError('Too many parameter values were provided'));
    expect(() => bind('SELECT @a')).toThrow(new TypeError('Missing named parameters'));
    expect(() => bind('SELECT @a', { b: 1 })).toThrow(new RangeError('Missing named parameter "a"'));
    expect(() => bind('SELECT @a', { a: 1 }, { a: 2 })).toThrow(TypeError);
  });
});
