// The worker thread behind PostgresDatabase: owns one pg.Client per handle (several handles of one process share
// this thread) and answers each synchronous call of the main thread through synckit. It never throws: failures come
// back as plain data, so that the main thread can build its own errors with every field PostgreSQL sent.
import pg from 'pg';
import { runAsWorker } from 'synckit';

/** A call from PostgresDatabase. */
export type BridgeRequest =
  | { op: 'connect'; handle: number; url: string; applicationName: string; connectTimeoutMs: number; lockTimeoutMs: number }
  | { op: 'query'; handle: number; text: string; values: unknown[] | undefined }
  | { op: 'close'; handle: number };

/** What the server said about a failed call (PostgreSQL's fields as node-postgres gives them). */
export interface BridgeFailure {
  message: string;
  /** SQLSTATE, when the server answered. */
  pgCode?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
  /** The connection is gone (refused, reset, terminated by the server): reconnect before the next call. */
  lost: boolean;
}

/** The answer to one call. */
export type BridgeResponse =
  | { ok: true; names: string[]; types: number[]; rows: unknown[][]; rowCount: number }
  | { ok: false; failure: BridgeFailure };

// Rows as better-sqlite3 gives them: 64-bit integers and numerics as numbers, booleans as 1/0, JSON and times as the
// text the server sent (stores parse JSON themselves).
const IDENTITY = (value: string) => value;
const TEXT_PARSERS: Record<number, (value: string) => unknown> = {
  16: (value) => (value === 't' ? 1 : 0),
  20: Number,
  1700: Number,
  114: IDENTITY,
  3802: IDENTITY,
  1082: IDENTITY,
  1083: IDENTITY,
  1114: IDENTITY,
  1184: IDENTITY,
  1186: IDENTITY,
};
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format !== 'binary' && TEXT_PARSERS[oid] !== undefined) return TEXT_PARSERS[oid];
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

interface Connection {
  client: pg.Client;
  /** Why the connection went away while idle (set by its 'error' and 'end' events). */
  lost?: string;
}

const connections = new Map<number, Connection>();

// SQLSTATE classes meaning the connection itself failed: 08 (connection exception), 57P01-57P03 (server shutting
// down, crash, not accepting connections yet)
function isConnectionCode(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03');
}

function failureOf(error: unknown, connection: Connection | undefined): BridgeFailure {
  const e = error as pg.DatabaseError & { code?: string; errors?: unknown[] };
  // a refused connection to "localhost" is an AggregateError (one error per address) with an empty message
  const message = e.message || (Array.isArray(e.errors) ? String((e.errors[0] as Error | undefined)?.message) : String(error));
  const sqlstate = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
  const lost =
    connection?.lost !== undefined ||
    isConnectionCode(sqlstate) ||
    (sqlstate === undefined &&
      /terminated|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|not queryable|timeout|closed|socket/i.test(`${e.code ?? ''} ${message}`));
  return {
    message: connection?.lost !== undefined && !message ? connection.lost : message,
    ...(sqlstate === undefined ? {} : { pgCode: sqlstate }),
    ...(e.detail ? { detail: e.detail } : {}),
    ...(e.constraint ? { constraint: e.constraint } : {}),
    ...(e.table ? { table: e.table } : {}),
    ...(e.column ? { column: e.column } : {}),
    lost,
  };
}

async function drop(handle: number): Promise<void> {
  const connection = connections.get(handle);
  connections.delete(handle);
  if (connection !== undefined) await connection.client.end().catch(() => undefined);
}

// structured cloning turns Buffers into plain Uint8Arrays; node-postgres sends Buffers as bytea
function toWire(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}

async function handle(request: BridgeRequest): Promise<BridgeResponse> {
  switch (request.op) {
    case 'connect': {
      await drop(request.handle);
      const client = new pg.Client({
        connectionString: request.url,
        application_name: request.applicationName,
        connectionTimeoutMillis: request.connectTimeoutMs,
        keepAlive: true,
        types,
        // like SQLite's busy timeout: a statement waiting this long for a lock fails instead of waiting forever
        // (two handles of one blocked thread could otherwise wait for each other)
        options: `-c lock_timeout=${request.lockTimeoutMs}`,
      });
      const connection: Connection = { client };
      client.on('error', (error) => void (connection.lost ??= error.message || 'the connection failed'));
      client.on('end', () => void (connection.lost ??= 'the server closed the connection'));
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        return { ok: false, failure: { ...failureOf(error, undefined), lost: true } };
      }
      connections.set(request.handle, connection);
      return { ok: true, names: [], types: [], rows: [], rowCount: 0 };
    }
    case 'query': {
      const connection = connections.get(request.handle);
      if (connection === undefined) return { ok: false, failure: { message: 'not connected', lost: true } };
      if (connection.lost !== undefined) {
        await drop(request.handle);
        return { ok: false, failure: { message: connection.lost, lost: true } };
      }
      try {
        const values = request.values?.map(toWire);
        const result = await connection.client.query({ text: request.text, values, rowMode: 'array' });
        // a script of several statements answers one result per statement: the last one is what a caller sees
        const last = (Array.isArray(result) ? result.at(-1) : result) as pg.QueryResult<unknown[]> | undefined;
        if (last === undefined) return { ok: true, names: [], types: [], rows: [], rowCount: 0 };
        return {
          ok: true,
          names: last.fields.map((f) => f.name),
          types: last.fields.map((f) => f.dataTypeID),
          rows: last.rows,
          rowCount: last.rowCount ?? 0,
        };
      } catch (error) {
        const failure = failureOf(error, connection);
        if (failure.lost) await drop(request.handle);
        return { ok: false, failure };
      }
    }
    case 'close':
      await drop(request.handle);
      return { ok: true, names: [], types: [], rows: [], rowCount: 0 };
  }
}

runAsWorker(handle);
