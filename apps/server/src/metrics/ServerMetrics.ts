import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { JOB_STATES, type Job, type JobState } from '../queue/Job.ts';

/** Options of {@link ServerMetrics}. */
export interface ServerMetricsOptions {
  /** Counts of jobs per state, read at every scrape (e.g. `() => queue.depth()`). */
  readonly queueDepth: () => Record<JobState, number>;
  /** Also export Node's default process metrics (memory, event loop lag, GC); default false. */
  readonly processMetrics?: boolean;
}

/** What {@link ServerMetrics.observeHttpRequest} records of one answered request. */
export interface HttpRequestSample {
  readonly method: string;
  /** The route pattern (`/api/jobs/:id`), never the raw path, so the label set stays small. */
  readonly route: string;
  readonly status: number;
  readonly seconds: number;
}

const SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const JOB_SECONDS_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const RTF_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5];

/**
 * The server's Prometheus metrics, on a registry of their own (never prom-client's global one, so several servers
 * can live in one process): queue depth per state, job durations, failures and real-time factor, HTTP latency.
 *
 * @example
 * const metrics = new ServerMetrics({ queueDepth: () => queue.depth() });
 * const text = await metrics.render();
 */
export class ServerMetrics {
  /** The registry holding every metric below. */
  readonly registry = new Registry();
  readonly #jobSeconds: Histogram<'outcome'>;
  readonly #jobFailures: Counter;
  readonly #realTimeFactor: Histogram;
  readonly #httpSeconds: Histogram<'method' | 'route' | 'status'>;

  constructor(options: ServerMetricsOptions) {
    const registers = [this.registry];
    new Gauge({
      name: 'verbatim_queue_jobs',
      help: 'Jobs in the queue by state, counted at scrape time.',
      labelNames: ['state'],
      registers,
      collect() {
        const depth = options.queueDepth();
        for (const state of JOB_STATES) this.set({ state }, depth[state] ?? 0);
      },
    });
    this.#jobSeconds = new Histogram({
      name: 'verbatim_job_duration_seconds',
      help: 'Wall time of the last attempt of jobs that ended, by outcome (succeeded, failed, cancelled).',
      labelNames: ['outcome'],
      buckets: JOB_SECONDS_BUCKETS,
      registers,
    });
    this.#jobFailures = new Counter({ name: 'verbatim_job_failures_total', help: 'Jobs that failed for good (after their last attempt).', registers });
    this.#realTimeFactor = new Histogram({
      name: 'verbatim_job_real_time_factor',
      help: 'Processing seconds per second of audio of succeeded transcription jobs (below 1 is faster than real time).',
      buckets: RTF_BUCKETS,
      registers,
    });
    this.#httpSeconds = new Histogram({
      name: 'verbatim_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    if (options.processMetrics ?? false) collectDefaultMetrics({ register: this.registry, prefix: 'verbatim_' });
  }

  /** Records a job that reached `succeeded`, `failed` or `cancelled`; `audioSeconds` (when known) gives its real-time factor. */
  observeFinishedJob(job: Job, audioSeconds?: number): void {
    if (job.state !== 'succeeded' && job.state !== 'failed' && job.state !== 'cancelled') return;
    if (job.state === 'failed') this.#jobFailures.inc();
    if (job.startedAt === null || job.finishedAt === null) return;
    const seconds = Math.max(0, job.finishedAt - job.startedAt) / 1000;
    this.#jobSeconds.observe({ outcome: job.state }, seconds);
    if (job.state === 'succeeded' && audioSeconds !== undefined && audioSeconds > 0) this.#realTimeFactor.observe(seconds / audioSeconds);
  }

  /** Records one answered HTTP request. */
  observeHttpRequest(sample: HttpRequestSample): void {
    this.#httpSeconds.observe({ method: sample.method, route: sample.route, status: String(sample.status) }, sample.seconds);
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The `content-type` of {@link render}'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
