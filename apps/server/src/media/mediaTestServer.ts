// Test helper: a real HTTP server over a real SQLite file whose schema includes the media migrations, built the
// way startServer builds one. Once MEDIA_MIGRATIONS is part of MIGRATIONS this is http/testServer.ts plus media.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import type { Database } from 'better-sqlite3';
import { AccountStore } from '../auth/AccountStore.ts';
import { ApiTokenStore } from '../auth/ApiTokenStore.ts';
import { ProjectStore } from '../auth/ProjectStore.ts';
import { SessionStore } from '../auth/SessionStore.ts';
import type { ServerConfig } from '../config/ServerConfig.ts';
import { MIGRATIONS } from '../db/migrations.ts';
import { openDatabase } from '../db/openDatabase.ts';
import { createApp } from '../http/createApp.ts';
import { DATABASE_FILE } from '../http/createServerContext.ts';
import { silentLogger } from '../http/Logger.ts';
import type { TestUser } from '../http/testServer.ts';
import { writeTestBundle } from '../http/testServer.ts';
import { JobQueue } from '../queue/JobQueue.ts';
import { MEDIA_MIGRATIONS } from './mediaMigrations.ts';

export interface MediaTestServer {
  url: string;
  dir: string;
  config: ServerConfig;
  db: Database;
  projects: ProjectStore;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  createUser(name: string): Promise<TestUser>;
  close(): Promise<void>;
}

export async function startMediaTestServer(overrides: Partial<ServerConfig> = {}): Promise<MediaTestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vwb-media-'));
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dir, 'data'),
    modelDir: writeTestBundle(join(dir, 'model')),
    workers: 1,
    uploadLimitBytes: 1024 ** 3,
    publicUrl: undefined,
    secureCookies: false,
    ...overrides,
  };
  mkdirSync(config.dataDir, { recursive: true });
  const known = new Set(MIGRATIONS.map((m) => m.id));
  const migrations = [...MIGRATIONS, ...MEDIA_MIGRATIONS.filter((m) => !known.has(m.id))].sort((a, b) => a.id - b.id);
  const db = openDatabase(join(config.dataDir, DATABASE_FILE), { migrations });
  const accounts = new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } });
  const tokens = new ApiTokenStore(db);
  const projects = new ProjectStore(db);
  const queue = new JobQueue(db);
  const app = createApp({ db, accounts, sessions: new SessionStore(db), tokens, projects, queue, config, logger: silentLogger });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    dir,
    config,
    db,
    projects,
    fetch: (path, init) => fetch(`${url}${path}`, init),
    async createUser(name) {
      const password = `${name} password 1`;
      const user = await accounts.createUser({ email: `${name}@example.org`, password, displayName: name, isAdmin: false });
      return { user, password, token: tokens.create(user.id, `${name}'s test token`).token };
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      queue.dispose();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
