// What one synchronous call of PostgresDatabase costs: `node test/postgres/measurePostgresBridge.ts` starts a private
// PostgreSQL server, times trivial calls through the bridge, the same queries awaited on a plain pg client (the
// loopback round trip the bridge adds to), and better-sqlite3 for scale, then stops the server. Prints one line each.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { PostgresDatabase } from '../../src/db/postgres/PostgresDatabase.ts';
import { startPostgres } from './startPostgres.ts';

const CALLS = Number(process.argv[2] ?? 5000);

function rate(label: string, calls: number, ms: number): void {
  console.log(`${label}: ${Math.round((calls / ms) * 1000)} ops/s (${((ms * 1000) / calls).toFixed(1)} µs per call)`);
}

const server = await startPostgres();
try {
  const db = new PostgresDatabase(server.url);
  db.exec('CREATE TABLE kv (k BIGINT PRIMARY KEY, v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO kv (k, v) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 1000; i++) insert.run(i, `value ${i}`);
  })();

  const trivial = db.prepare('SELECT 1 AS one');
  const byKey = db.prepare('SELECT v FROM kv WHERE k = ?');
  for (let i = 0; i < 500; i++) trivial.get(); // warm up the worker, the JIT and the connection
  let start = performance.now();
  for (let i = 0; i < CALLS; i++) trivial.get();
  rate('PostgresDatabase get (SELECT 1)', CALLS, performance.now() - start);
  start = performance.now();
  for (let i = 0; i < CALLS; i++) byKey.get(i % 1000);
  rate('PostgresDatabase get by primary key', CALLS, performance.now() - start);
  start = performance.now();
  db.transaction(() => {
    for (let i = 0; i < CALLS; i++) db.prepare('UPDATE kv SET v = ? WHERE k = ?').run(`v${i}`, i % 1000);
  })();
  rate('PostgresDatabase run (UPDATE, in one transaction)', CALLS, performance.now() - start);
  db.close();

  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  for (let i = 0; i < 500; i++) await client.query('SELECT 1 AS one');
  start = performance.now();
  for (let i = 0; i < CALLS; i++) await client.query('SELECT 1 AS one');
  rate('pg.Client awaited query (SELECT 1), for comparison', CALLS, performance.now() - start);
  await client.end();

  const sqlite = new BetterSqlite3(':memory:');
  const one = sqlite.prepare('SELECT 1 AS one');
  start = performance.now();
  for (let i = 0; i < CALLS; i++) one.get();
  rate('better-sqlite3 get (SELECT 1), for scale', CALLS, performance.now() - start);
  sqlite.close();
} finally {
  await server.stop();
}
