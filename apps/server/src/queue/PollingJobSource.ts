import type { Job } from './Job.ts';
import type { JobQueue } from './JobQueue.ts';
import type { AttemptJob, JobSource, JobSourceOptions } from './JobSource.ts';

/**
 * The SQLite queue's {@link JobSource}: `workers` loops each `claim` a job under a lease and run it, waiting up to
 * `pollMs` when nothing is due (woken at once when this process queues a job). Jobs whose lease expired (a crashed
 * process) are recovered at the start.
 */
export class PollingJobSource implements JobSource {
  readonly #queue: JobQueue;
  readonly #options: JobSourceOptions;
  readonly #instance = crypto.randomUUID();
  readonly #wakers = new Set<() => void>();
  #loops: Promise<void>[] = [];
  #subscription: { dispose(): void } | undefined;
  #stopping = false;

  constructor(queue: JobQueue, options: JobSourceOptions) {
    this.#queue = queue;
    this.#options = options;
  }

  start(attempt: AttemptJob): void {
    if (this.#loops.length > 0 || this.#stopping) return;
    this.#subscription = this.#queue.onDidChangeJob((job) => {
      if (job.state === 'queued') this.#wake();
    });
    try {
      this.#queue.recoverExpired();
    } catch (error) {
      this.#options.logger?.warn({ err: error }, 'could not recover expired jobs; the next claim will');
    }
    for (let slot = 0; slot < this.#options.workers; slot++) this.#loops.push(this.#loop(`${this.#instance}/${slot}`, attempt));
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake();
    await Promise.all(this.#loops);
    this.#subscription?.dispose();
  }

  async #loop(workerId: string, attempt: AttemptJob): Promise<void> {
    const { logger } = this.#options;
    while (!this.#stopping) {
      let job: Job | undefined;
      try {
        job = this.#queue.claim(workerId, this.#options.leaseMs);
      } catch (error) {
        // a busy or closing database: try again at the next poll
        logger?.warn({ err: error, workerId }, 'could not claim a job');
      }
      if (job === undefined) {
        await this.#idle();
        continue;
      }
      try {
        await attempt(job, workerId);
      } catch (error) {
        // recording the outcome failed (the database refused the write): the lease runs out and the job is claimed again
        logger?.error({ err: error, jobId: job.id, workerId }, 'could not record the outcome of a job');
        await this.#idle();
      }
    }
  }

  #idle(): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.#options.pollMs);
      this.#wakers.add(done);
    });
  }

  #wake(): void {
    for (const waker of [...this.#wakers]) waker();
  }
}
