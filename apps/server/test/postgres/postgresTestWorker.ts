// A worker thread for the PostgreSQL tests that need two writers at the same time (one thread blocks while its
// handle waits): `task` says what it does with its own handle; it posts its answer and exits.
import { parentPort, workerData } from 'node:worker_threads';
import { migrate } from '../../src/db/migrate.ts';
import type { Migration } from '../../src/db/Migration.ts';
import { MIGRATIONS } from '../../src/db/migrations.ts';
import { PostgresDatabase } from '../../src/db/postgres/PostgresDatabase.ts';

export type PostgresTestTask =
  | { task: 'increment'; url: string; times: number }
  | { task: 'migrate'; url: string; migrations?: Migration[] };

const request = workerData as PostgresTestTask;

function run(): unknown {
  switch (request.task) {
    case 'increment': {
      const db = new PostgresDatabase(request.url);
      let attempts = 0;
      const increment = db.transaction(() => {
        attempts++;
        const { n } = db.prepare<[], { n: number }>('SELECT n FROM counter WHERE id = 1').get()!;
        db.prepare('UPDATE counter SET n = ? WHERE id = 1').run(n + 1);
      });
      for (let i = 0; i < request.times; i++) increment.immediate();
      db.close();
      return attempts;
    }
    case 'migrate': {
      const db = new PostgresDatabase(request.url);
      try {
        return migrate(db, request.migrations ?? MIGRATIONS);
      } finally {
        db.close();
      }
    }
  }
}

parentPort!.postMessage(run());
