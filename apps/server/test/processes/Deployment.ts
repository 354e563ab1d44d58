// Test and benchmark helper: a deployment past one machine as an operator starts it — web processes
// (`verbatim-server --workers 0`) and worker processes (`verbatim-server worker`) as real child processes of the bin,
// on one database, one shared media directory and one shared model store.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServerChild, type ServerChild } from '../../src/main/serverProcess.ts';
import { startWorkerChild } from '../../src/main/workerProcess.ts';

/** A `verbatim-server worker` child process and its JSON log lines. */
export type WorkerChild = ReturnType<typeof startWorkerChild>;

export interface DeploymentOptions {
  /** Where the processes' directories go. */
  readonly dir: string;
  /** A `postgres://` URL; absent, every process shares the SQLite file of one data directory (`<dir>/shared`). */
  readonly database?: string;
  /** The model bundle the processes install into the shared store (`--model-dir`). */
  readonly modelDir: string;
}

/**
 * The processes of one deployment. Each web process and each worker gets its own `--data-dir` on PostgreSQL (all
 * share `<dir>/shared` on SQLite, where the database is a file there); all share `--media-dir <dir>/media` and
 * `--model-store <dir>/models`, and run no plugins. {@link killAll} ends whatever is still running.
 */
export class Deployment {
  readonly webs: ServerChild[] = [];
  readonly workers: WorkerChild[] = [];
  readonly mediaDir: string;
  readonly modelStore: string;
  readonly #options: DeploymentOptions;

  constructor(options: DeploymentOptions) {
    this.#options = options;
    this.mediaDir = join(options.dir, 'media');
    this.modelStore = join(options.dir, 'models');
    mkdirSync(this.mediaDir, { recursive: true });
    mkdirSync(this.modelStore, { recursive: true });
  }

  /** The data directory of the process `name`. */
  dataDir(name: string): string {
    return join(this.#options.dir, this.#options.database === undefined ? 'shared' : name);
  }

  /** The settings every process of the deployment takes. */
  sharedArgs(name: string): string[] {
    const { database, modelDir } = this.#options;
    return [
      '--data-dir', this.dataDir(name),
      ...(database === undefined ? [] : ['--database', database]),
      '--media-dir', this.mediaDir,
      '--model-store', this.modelStore,
      '--model-dir', modelDir,
      '--plugin-dirs', '',
    ];
  }

  /** Starts `verbatim-server --workers 0` on a free loopback port; resolves once it listens. */
  async startWeb(name: string): Promise<ServerChild> {
    const web = await startServerChild(['--port', '0', '--workers', '0', ...this.sharedArgs(name)]);
    this.webs.push(web);
    return web;
  }

  /** Starts `verbatim-server worker` with `jobsAtOnce` workers; resolves once it logged that it started. */
  async startWorker(name: string, jobsAtOnce = 1): Promise<WorkerChild> {
    const worker = startWorkerChild([...this.sharedArgs(name), '--workers', String(jobsAtOnce)]);
    this.workers.push(worker);
    await worker.waitFor((line) => line.msg === 'worker started');
    return worker;
  }

  /** Stops a worker as a supervisor would (SIGTERM: running jobs finish or go back) and waits for it to exit. */
  async stopWorker(worker: WorkerChild): Promise<{ code: number | null; signal: string | null }> {
    if (isRunning(worker.child)) worker.child.kill('SIGTERM');
    return worker.exited;
  }

  /** SIGKILLs every process still running and waits until all have exited (also after a failed test). */
  async killAll(): Promise<void> {
    const all = [...this.webs.map((web) => ({ child: web.child, exited: web.exited })), ...this.workers];
    await Promise.all(
      all.map(async ({ child, exited }) => {
        if (isRunning(child)) child.kill('SIGKILL');
        await exited;
      }),
    );
  }
}

function isRunning(child: { exitCode: number | null; signalCode: NodeJS.Signals | null }): boolean {
  return child.exitCode === null && child.signalCode === null;
}
