import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPostgres } from '../../../test/postgres/startPostgres.ts';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import { DatabaseError } from '../DatabaseError.ts';
import { PostgresDatabase } from './PostgresDatabase.ts';
import { PostgresError } from './postgresErrors.ts';
import { runInWorker } from '../../../test/postgres/runInWorker.ts';

let url: string;
let db: PostgresDatabase;
const opened: PostgresDatabase[] = [];

function open(options?: ConstructorParameters<typeof PostgresDatabase>[1]): PostgresDatabase {
  const handle = new PostgresDatabase(url, options);
  opened.push(handle);
  return handle;
}

beforeEach(async () => {
  url = await testPostgresDatabase();
  db = open();
});

afterEach(() => {
  for (const handle of opened.splice(0)) handle.close();
});

function thrown(fn: () => unknown): Error & { code?: string; pgCode?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('PostgresDatabase', () => {
  it('answers get, all and run with rows as better-sqlite3 gives them', () => {
    db.exec(`CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, score DOUBLE PRECISION, data BYTEA, flag BOOLEAN, amount NUMERIC)`);
    const insert = db.prepare('INSERT INTO t (id, name, score, data, flag, amount) VALUES (?, ?, ?, ?, ?, ?)');
    expect(insert.run(1, 'Ann', 0.5, Buffer.from([0, 255]), null, null)).toEqual({ changes: 1, lastInsertRowid: 0 });
    insert.run(2, 'Bob', 2, null, null, null);
    db.exec('UPDATE t SET flag = id = 1, amount = id * 1.5');
    const rows = db.prepare('SELECT * FROM t ORDER BY id').all();
    expect(rows).toEqual([
      { id: 1, name: 'Ann', score: 0.5, data: Buffer.from([0, 255]), flag: 1, amount: 1.5 },
      { id: 2, name: 'Bob', score: 2, data: null, flag: 0, amount: 3 },
    ]);
    expect(Buffer.isBuffer((rows[0] as { data: unknown }).data)).toBe(true);
    expect(db.prepare('SELECT count(*) AS n, sum(id) AS total, max(id) = 2 AS two FROM t').get()).toEqual({ n: 2, total: 3, two: 1 });
    expect(db.prepare('SELECT name FROM t WHERE id = ?').get(3)).toBeUndefined();
    expect(db.prepare('UPDATE t SET name = ? WHERE id > ?').run('X', 0).changes).toBe(2);
    expect(db.prepare('DELETE FROM t WHERE id = @id RETURNING name').get({ id: 2 })).toEqual({ name: 'X' });
    expect(db.prepare('SELECT id FROM t').pluck().all()).toEqual([1]);
    expect(db.prepare('SELECT id, name FROM t').raw().get()).toEqual([1, 'X']);
  });

  it('infers parameter types as SQLite would: 64-bit arithmetic, untyped nulls, case-insensitive LIKE', () => {
    db.exec(`CREATE TABLE j (id TEXT PRIMARY KEY, project_id TEXT, run_after BIGINT NOT NULL, progress DOUBLE PRECISION)`);
    const insert = db.prepare('INSERT INTO j (id, project_id, run_after, progress) VALUES (?, ?, ? + 1, ?)');
    insert.run('a', null, 1_700_000_000_000, 0);
    insert.run('b', 'p1', 5, 0.25);
    expect(db.prepare('SELECT ? * 2 AS doubled, ? / 2 AS half, ? / 2 AS integer_half').get(3_000_000_000, 3.0, 3)).toEqual({
      doubled: 6_000_000_000,
      half: 1,
      integer_half: 1,
    });
    expect(db.prepare('SELECT id FROM j WHERE run_after > ? ORDER BY id').pluck().all(1_000_000_000_000)).toEqual(['a']);
    expect(db.prepare('SELECT id FROM j WHERE progress < ? ORDER BY id').pluck().all(0.5)).toEqual(['a', 'b']);
    const byProject = db.prepare('SELECT id FROM j WHERE (@project IS NULL OR project_id = @project) ORDER BY id').pluck();
    expect(byProject.all({ project: null })).toEqual(['a', 'b']);
    expect(byProject.all({ project: 'p1' })).toEqual(['b']);
    expect(db.prepare('SELECT id FROM j WHERE project_id IS ?').pluck().all(null)).toEqual(['a']);
    expect(db.prepare('SELECT id FROM j WHERE id LIKE ?').pluck().all('B%')).toEqual(['b']);
    expect(db.prepare("SELECT substr('verbatim', ?, ?) AS s").get(1, 4)).toEqual({ s: 'verb' });
    db.prepare('INSERT OR IGNORE INTO j (id, run_after) VALUES (?, ?)').run('a', 1);
    expect(db.prepare('SELECT run_after FROM j WHERE id = ?').pluck().get('a')).toBe(1_700_000_000_001);
    expect(() => db.prepare('SELECT ?').get(true)).toThrow(TypeError);
  });

  it('runs SQLite’s aggregates as SQLite answers them', () => {
    db.exec(`CREATE TABLE r (action TEXT, score DOUBLE PRECISION, doc JSON);
      INSERT INTO r VALUES ('accept', 1.5, '{"a": 1}'), ('correct', NULL, NULL), ('accept', 2, '[]')`);
    expect(
      db.prepare(`SELECT SUM(action = 'accept') AS accepted, total(score) AS total, group_concat(action) AS actions, count(*) AS n FROM r`).get(),
    ).toEqual({ accepted: 2, total: 3.5, actions: 'accept,correct,accept', n: 3 });
    expect(db.prepare(`SELECT total(score) AS total, sum(score) AS sum FROM r WHERE action = 'none'`).get()).toEqual({ total: 0, sum: null });
    // JSON comes back as the text stored, as SQLite's TEXT column would give it
    expect(db.prepare('SELECT doc FROM r WHERE doc IS NOT NULL ORDER BY score').pluck().all()).toEqual(['{"a": 1}', '[]']);
  });

  it('replaces a row by its primary key for INSERT OR REPLACE', () => {
    db.exec('CREATE TABLE job_models (job_id TEXT PRIMARY KEY, model_id TEXT NOT NULL, version TEXT)');
    const record = db.prepare('INSERT OR REPLACE INTO job_models (job_id, model_id, version) VALUES (?, ?, ?)');
    record.run('j1', 'm1', '1');
    record.run('j1', 'm2', null);
    record.run('j2', 'm1', '1');
    expect(db.prepare('SELECT * FROM job_models ORDER BY job_id').all()).toEqual([
      { job_id: 'j1', model_id: 'm2', version: null },
      { job_id: 'j2', model_id: 'm1', version: '1' },
    ]);
  });

  it('fails constraints with better-sqlite3’s codes and PostgreSQL’s message and SQLSTATE', () => {
    db.exec(`CREATE TABLE p (id TEXT PRIMARY KEY, email TEXT UNIQUE, n BIGINT NOT NULL CHECK (n >= 0));
      CREATE TABLE c (id TEXT PRIMARY KEY, p_id TEXT REFERENCES p(id))`);
    db.prepare(`INSERT INTO p VALUES ('p1', 'a@b', 1)`).run();
    const cases: [string, string, string][] = [
      [`INSERT INTO p VALUES ('p1', 'x', 1)`, 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505'],
      [`INSERT INTO p VALUES ('p2', 'a@b', 1)`, 'SQLITE_CONSTRAINT_UNIQUE', '23505'],
      [`INSERT INTO p VALUES ('p2', 'c@d', -1)`, 'SQLITE_CONSTRAINT_CHECK', '23514'],
      [`INSERT INTO p VALUES ('p2', 'c@d', NULL)`, 'SQLITE_CONSTRAINT_NOTNULL', '23502'],
      [`INSERT INTO c VALUES ('c1', 'nobody')`, 'SQLITE_CONSTRAINT_FOREIGNKEY', '23503'],
      ['SELECT * FROM missing', 'SQLITE_ERROR', '42P01'],
    ];
    for (const [sql, code, pgCode] of cases) {
      const error = thrown(() => db.prepare(sql).run());
      expect(error).toBeInstanceOf(PostgresError);
      expect({ code: error.code, pgCode: error.pgCode }).toEqual({ code, pgCode });
    }
    expect(thrown(() => db.prepare(`INSERT INTO p VALUES ('p2', 'a@b', 1)`).run()).message).toMatch(/duplicate key value violates unique constraint/);
  });

  it('rolls a nested transaction back to its savepoint and keeps the outer one', () => {
    db.exec('CREATE TABLE t (v TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const states: boolean[] = [];
    db.transaction(() => {
      insert.run('outer');
      states.push(db.inTransaction);
      expect(() =>
        db.transaction(() => {
          insert.run('inner');
          throw new Error('inner fails');
        })(),
      ).toThrow('inner fails');
      db.transaction(() => insert.run('second inner')).immediate();
    })();
    states.push(db.inTransaction);
    expect(states).toEqual([true, false]);
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['outer', 'second inner']);
    db.transaction(() => insert.run('third'))();
    expect(() =>
      db.transaction(() => {
        insert.run('rolled back');
        throw new Error('outer fails');
      })(),
    ).toThrow('outer fails');
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3);
    expect(() => db.transaction(async () => 1)()).toThrow('Transaction function cannot return a promise');
    expect(db.inTransaction).toBe(false);
  });

  it('runs an immediate transaction again when another writer got in its way', () => {
    db.exec('CREATE TABLE counter (id INT PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO counter VALUES (1, 0)');
    const other = open();
    let attempts = 0;
    const increment = db.transaction(() => {
      attempts++;
      const n = db.prepare<[], { n: number }>('SELECT n FROM counter WHERE id = 1').get()!.n;
      // another process commits its own increment between this read and this write, once
      if (attempts === 1) other.prepare('UPDATE counter SET n = n + 1 WHERE id = 1').run();
      db.prepare('UPDATE counter SET n = ? WHERE id = 1').run(n + 1);
      return n + 1;
    });
    expect(increment.immediate()).toBe(2);
    expect(attempts).toBe(2);
    // the deferred one is READ COMMITTED and does not retry: the other increment is lost, which is why writers that
    // read first use .immediate()
    attempts = 0;
    expect(increment()).toBe(3);
    expect(db.prepare('SELECT n FROM counter').pluck().get()).toBe(3);
  });

  it('keeps a counter right when two threads increment it 200 times each in immediate transactions', async () => {
    db.exec('CREATE TABLE counter (id INT PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO counter VALUES (1, 0)');
    const attempts = await Promise.all([runInWorker({ task: 'increment', url, times: 200 }), runInWorker({ task: 'increment', url, times: 200 })]);
    expect(db.prepare('SELECT n FROM counter').pluck().get()).toBe(400);
    expect((attempts[0] as number) + (attempts[1] as number)).toBeGreaterThanOrEqual(400);
  }, 60_000);

  it('answers database-unavailable when its connection is killed, then connects again', () => {
    const admin = open();
    const victim = open({ applicationName: 'victim' });
    expect(victim.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    admin.prepare(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'victim'`).all();
    const error = thrown(() => victim.prepare('SELECT 1 AS one').get());
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error.code).toBe('database-unavailable');
    expect(victim.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
  });

  it('never reconnects silently inside a transaction', () => {
    const admin = open();
    const victim = open({ applicationName: 'victim-tx' });
    victim.exec('CREATE TABLE t (v TEXT)');
    const codes: (string | undefined)[] = [];
    const error = thrown(() =>
      victim.transaction(() => {
        victim.prepare(`INSERT INTO t VALUES ('before')`).run();
        admin.prepare(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'victim-tx'`).all();
        codes.push(thrown(() => victim.prepare(`INSERT INTO t VALUES ('after')`).run()).code);
        // the caller swallowed the failure and goes on: still unavailable, not a fresh connection outside the transaction
        codes.push(thrown(() => victim.prepare(`INSERT INTO t VALUES ('later')`).run()).code);
        throw new Error('gave up');
      })(),
    );
    expect(error.message).toBe('gave up');
    expect(codes).toEqual(['database-unavailable', 'database-unavailable']);
    expect(victim.inTransaction).toBe(false);
    expect(victim.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
  });

  it('answers database-unavailable while the server restarts, then works again', async () => {
    const server = await startPostgres();
    try {
      const own = new PostgresDatabase(server.url);
      opened.push(own);
      own.exec('CREATE TABLE t (v INT); INSERT INTO t VALUES (7)');
      await server.restart();
      expect(thrown(() => own.prepare('SELECT v FROM t').get()).code).toBe('database-unavailable');
      expect(own.prepare('SELECT v FROM t').get()).toEqual({ v: 7 });
    } finally {
      for (const handle of opened.splice(opened.length - 1)) handle.close();
      await server.stop();
    }
  });

  it('refuses to open a server it cannot reach, naming where and why', () => {
    const error = thrown(() => new PostgresDatabase('postgres://verbatim:secret@127.0.0.1:1/verbatim', { connectTimeoutMs: 2000 }));
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error.code).toBe('open-failed');
    expect(error.message).toMatch(/127\.0\.0\.1:1\/verbatim: .*ECONNREFUSED/);
    expect(error.message).not.toContain('secret');
    const unknownDb = new URL(url);
    unknownDb.pathname = '/no_such_database';
    expect(thrown(() => new PostgresDatabase(unknownDb.toString())).message).toMatch(/database "no_such_database" does not exist/);
  });

  it('hides the password in its url and refuses calls once closed', () => {
    const withPassword = new URL(url);
    withPassword.password = 'secret';
    const handle = new PostgresDatabase(withPassword.toString());
    expect(handle.url).not.toContain('secret');
    expect(handle.open).toBe(true);
    handle.close();
    expect(handle.open).toBe(false);
    expect(() => handle.prepare('SELECT 1').get()).toThrow('The database connection is not open');
  });

  it('runs PostgreSQL’s own SQL untranslated with execRaw', () => {
    expect(db.execRaw('SELECT $1::int + 1 AS n, $2::text LIKE $3 AS like', [1, 'Ab', 'a%']).rows).toEqual([{ n: 2, like: 0 }]);
  });
});
