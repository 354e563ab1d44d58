import { Worker } from 'node:worker_threads';
import type { PostgresTestTask } from './postgresTestWorker.ts';

/** Test helper: runs `task` on its own thread (`postgresTestWorker.ts`) and resolves with what it answers. */
export function runInWorker(task: PostgresTestTask): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./postgresTestWorker.ts', import.meta.url), { workerData: task });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the test worker exited with ${code} before answering`)));
  });
}
