import type { ApiClient } from '../platform/ApiClient.ts';
import { type Disposable, toDisposable } from '../platform/Disposable.ts';
import { Emitter } from '../platform/Emitter.ts';
import type { JobJson } from './ApiJson.ts';

/** Whether a job reached a state it never leaves. */
export function isJobFinished(job: Pick<JobJson, 'state'>): boolean {
  return job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled';
}

interface Watch {
  source: EventSource;
  job: JobJson | undefined;
  refs: number;
}

/**
 * Follows jobs live through their Server-Sent Events streams (`GET /api/jobs/:id/events`, one `event: job` per
 * progress or state change): one stream per job however many parts of the workbench watch it, closed when the job
 * finishes or nobody watches any more.
 */
export class JobWatcher implements Disposable {
  readonly #api: ApiClient;
  readonly #open: (url: string) => EventSource;
  #watches = new Map<string, Watch>();
  readonly #onDidChangeJob = new Emitter<JobJson>();
  /** Fires with the job on each change of a watched job (its first state included). */
  readonly onDidChangeJob = this.#onDidChangeJob.event;
  readonly #onDidChangeWatched = new Emitter<void>();
  /** A job started or stopped being followed (so {@link active} changed without an event from its stream). */
  readonly onDidChangeWatched = this.#onDidChangeWatched.event;

  constructor(api: ApiClient, open: (url: string) => EventSource = (url) => new EventSource(url)) {
    this.#api = api;
    this.#open = open;
  }

  /** Starts following a job (nothing to do for a finished one); the returned disposable stops this watch. */
  watch(job: JobJson): Disposable {
    if (isJobFinished(job)) return toDisposable(() => {});
    let watch = this.#watches.get(job.id);
    const started = !watch;
    if (!watch) {
      watch = { source: this.#connect(job.id), job, refs: 0 };
      this.#watches.set(job.id, watch);
    }
    watch.refs++;
    if (started) this.#onDidChangeWatched.fire();
    const watched = watch;
    return toDisposable(() => {
      if (--watched.refs === 0 && this.#watches.get(job.id) === watched) this.#close(job.id);
    });
  }

  #connect(jobId: string): EventSource {
    const source = this.#open(`/api/jobs/${encodeURIComponent(jobId)}/events`);
    source.addEventListener('job', (e) => this.#update(jobId, JSON.parse((e as MessageEvent<string>).data) as JobJson));
    // EventSource retries a dropped stream by itself; a closed one (refused, or the server went away for good) is
    // read once more and, if the job still runs, opened again
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) void this.#refresh(jobId, source);
    });
    return source;
  }

  /** The watched jobs that are still queued or running. */
  active(): JobJson[] {
    return [...this.#watches.values()].flatMap((w) => (w.job && !isJobFinished(w.job) ? [w.job] : []));
  }

  async #refresh(jobId: string, closed: EventSource): Promise<void> {
    let job: JobJson;
    try {
      job = await this.#api.get<JobJson>(`/api/jobs/${encodeURIComponent(jobId)}`);
    } catch {
      if (this.#watches.get(jobId)?.source === closed) this.#close(jobId);
      return;
    }
    const watch = this.#watches.get(jobId);
    if (watch?.source !== closed) return;
    this.#update(jobId, job);
    if (!isJobFinished(job)) watch.source = this.#connect(jobId);
  }

  #update(jobId: string, job: JobJson): void {
    const watch = this.#watches.get(jobId);
    if (!watch) return;
    watch.job = job;
    if (isJobFinished(job)) this.#close(jobId);
    this.#onDidChangeJob.fire(job);
  }

  #close(jobId: string): void {
    const watch = this.#watches.get(jobId);
    if (!watch) return;
    watch.source.close();
    this.#watches.delete(jobId);
    this.#onDidChangeWatched.fire();
  }

  dispose(): void {
    for (const id of [...this.#watches.keys()]) this.#close(id);
    this.#onDidChangeJob.dispose();
    this.#onDidChangeWatched.dispose();
  }
}
