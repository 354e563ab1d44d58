// Test helper: a real server on a free port over a real SQLite file in a temporary directory, with a second
// connection to the same file for setting up accounts and projects the way another process would (a fresh PostgreSQL
// database instead under VERBATIM_TEST_DATABASE=postgres, unless the test sets its own `database`).
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { AccountStore } from '../src/auth/AccountStore.ts';
import { ApiTokenStore } from '../src/auth/ApiTokenStore.ts';
import { type Project, ProjectStore } from '../src/auth/ProjectStore.ts';
import type { User } from '../src/auth/User.ts';
import { BUNDLED_PLUGINS_DIR } from '../src/config/loadConfig.ts';
import type { ServerConfig } from '../src/config/ServerConfig.ts';
import { MIGRATIONS } from '../src/db/migrations.ts';
import { openDatabase } from '../src/db/openDatabase.ts';
import { openSqlDatabase } from '../src/db/openSqlDatabase.ts';
import { DATABASE_FILE } from '../src/http/createServerContext.ts';
import type { Logger } from '../src/http/Logger.ts';
import { startServer } from '../src/http/startServer.ts';
import { createTestPostgresDatabaseSync, testsUsePostgres } from './postgres/testDatabaseEngine.ts';

export interface LogRecord {
  level: 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

export interface TestUser {
  user: User;
  password: string;
  /** An API token of this user, for `Authorization: Bearer`. */
  token: string;
}

export interface CookieLogin {
  /** The `Cookie` request header value. */
  cookie: string;
  csrfToken: string;
  /** The raw `Set-Cookie` header of the login response. */
  setCookie: string;
}

export interface TestServer {
  url: string;
  dir: string;
  config: ServerConfig;
  /** Another connection to the server's database file (or PostgreSQL database). */
  db: Database;
  accounts: AccountStore;
  tokens: ApiTokenStore;
  projects: ProjectStore;
  /** What the server printed (the first admin's credentials). */
  printed: string[];
  logs: LogRecord[];
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Creates an account (cheap hashing) with an API token. */
  createUser(name: string, options?: { isAdmin?: boolean }): Promise<TestUser>;
  /** Logs in over HTTP and returns the cookie and CSRF token. */
  login(email: string, password: string): Promise<CookieLogin>;
  close(): Promise<void>;
}

/**
 * Writes a minimal model bundle that `checkModelBundle` accepts: a wav2vec2-style model.json and a placeholder
 * ONNX file (readiness checks presence; nothing here runs the model).
 */
export function writeTestBundle(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const modelJson = {
    schema: 1,
    id: 'test-model',
    version: '0.0.1',
    file: 'model.onnx',
    sampleRate: 16000,
    input: { kind: 'waveform', name: 'input_values' },
    output: { kind: 'ctc-logits', name: 'logits', frameShiftSeconds: 0.02 },
    tokens: ['<pad>', '|', 'a', 'b'],
    blankId: 0,
    wordBoundary: '|',
    confidence: { measure: 'max_prob', aggregation: 'mean' },
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  writeFileSync(join(dir, 'model.onnx'), '');
  return dir;
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-http-'));
  const postgres = testsUsePostgres() && overrides.database === undefined ? createTestPostgresDatabaseSync({ migrations: MIGRATIONS }) : undefined;
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dir, 'data'),
    modelDir: writeTestBundle(join(dir, 'model')),
    // no workbench unless a test builds one here: the API must work without it
    webDir: join(dir, 'web'),
    workers: 1,
    uploadLimitBytes: 1024 ** 3,
    publicUrl: undefined,
    secureCookies: false,
    pluginDirs: [BUNDLED_PLUGINS_DIR],
    plugins: [],
    pluginErrors: 'skip',
    pluginTimeoutMs: 5000,
    pluginMemoryMb: 256,
    ...(postgres ? { database: postgres.url } : {}),
    ...overrides,
  };
  const printed: string[] = [];
  const logs: LogRecord[] = [];
  const logger: Logger = {
    info: (fields, message) => void logs.push({ level: 'info', fields, message }),
    warn: (fields, message) => void logs.push({ level: 'warn', fields, message }),
    error: (fields, message) => void logs.push({ level: 'error', fields, message }),
  };
  const server = await startServer(config, { logger, print: (text) => void printed.push(text), closeGraceMs: 2000 });
  // the PostgreSQL handle has the API the tests use (prepare/get/all/run/pluck, exec, transaction, close)
  const db = config.database ? (openSqlDatabase(config.database) as unknown as Database) : openDatabase(join(config.dataDir, DATABASE_FILE));
  const accounts = new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } });
  const tokens = new ApiTokenStore(db);
  const fetchPath = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
  return {
    url: server.url,
    dir,
    config,
    db,
    accounts,
    tokens,
    projects: new ProjectStore(db),
    printed,
    logs,
    fetch: fetchPath,
    async createUser(name, options = {}) {
      const password = `${name} password 1`;
      const user = await accounts.createUser({ email: `${name}@example.org`, password, displayName: name, isAdmin: options.isAdmin ?? false });
      return { user, password, token: tokens.create(user.id, `${name}'s test token`).token };
    },
    async login(email, password) {
      const response = await fetchPath('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (response.status !== 200) throw new Error(`login failed with ${response.status}: ${await response.text()}`);
      const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('verbatim_session='));
      if (setCookie === undefined) throw new Error('login set no session cookie');
      const { csrfToken } = (await response.json()) as { csrfToken: string };
      return { cookie: setCookie.split(';')[0]!, csrfToken, setCookie };
    },
    async close() {
      await server.close();
      db.close();
      postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Headers for a JSON request authenticated by an API token. */
/** The five kinds of caller a project's routes answer differently. */
export type ProjectCaller = 'owner' | 'editor' | 'reviewer' | 'viewer' | 'stranger';

/**
 * A project `name` with a member of every role and a stranger outside it, as the
 * route tests start from.
 */
export async function createRoleProject(server: TestServer, name = 'Interviews'): Promise<{ project: Project; users: Record<ProjectCaller, TestUser> }> {
  const users: Record<ProjectCaller, TestUser> = {
    owner: await server.createUser('owner'),
    editor: await server.createUser('editor'),
    reviewer: await server.createUser('reviewer'),
    viewer: await server.createUser('viewer'),
    stranger: await server.createUser('stranger'),
  };
  const project = server.projects.createProject(name, users.owner.user.id);
  for (const role of ['editor', 'reviewer', 'viewer'] as const) server.projects.addMember(project.id, users[role].user.id, role);
  return { project, users };
}

export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra };
}

/** The `{ error: { code, message } }` of an error response, checking its shape on the way. */
export async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`not an error body (${response.status}): ${JSON.stringify(body)}`);
  }
  return { status: response.status, code: body.error.code, message: body.error.message };
}
