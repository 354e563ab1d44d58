import { TranscriberPool } from '@verbatim/asr/node';

/** The model a pool loads: its content hash names the pool, its directory is the bundle. */
export interface PoolModel {
  readonly sha256: string;
  readonly dir: string;
}

/** A pool lent to one job; `release()` once the job is done with it (more calls do nothing). */
export interface PoolLease {
  readonly pool: TranscriberPool;
  release(): void;
}

/** Options of {@link ModelPools}. */
export interface ModelPoolsOptions {
  /** Worker threads of each pool (default 1). */
  readonly workers?: number;
  /** Pools kept loaded while no job holds them (default 1); held pools never count against it and are never disposed. */
  readonly maxIdle?: number;
  /** Makes a pool (default: a {@link TranscriberPool} of the model's directory, one ONNX thread per worker). */
  readonly createPool?: (model: PoolModel, workers: number) => TranscriberPool;
}

interface Entry {
  readonly sha256: string;
  readonly pool: TranscriberPool;
  holders: number;
  lastUsed: number;
}

/**
 * Transcriber pools by model content hash, loaded lazily at the first job of a model and shared by every job of that
 * model, so several models can be in use at once. A pool no job holds stays loaded for the next job, up to `maxIdle`
 * such pools (least recently used disposed first); a pool is never disposed while a job holds it. A pool whose model
 * failed to load, or one a job {@link ModelPools.discard}s (its workers died), is dropped at once (jobs still on it
 * fail with its error and are retried), so the next job starts a fresh one.
 *
 * @example
 * const pools = new ModelPools({ workers: 2 });
 * const { pool, release } = pools.acquire(model);
 * try { await pool.transcribeFile(path); } finally { release(); }
 */
export class ModelPools {
  readonly #entries = new Map<string, Entry>();
  readonly #workers: number;
  readonly #maxIdle: number;
  readonly #createPool: (model: PoolModel, workers: number) => TranscriberPool;
  #clock = 0;
  #disposed = false;

  constructor(options: ModelPoolsOptions = {}) {
    this.#workers = options.workers ?? 1;
    this.#maxIdle = options.maxIdle ?? 1;
    if (!Number.isInteger(this.#maxIdle) || this.#maxIdle < 0) throw new RangeError(`maxIdle must be a non-negative integer, not ${this.#maxIdle}.`);
    this.#createPool = options.createPool ?? ((model, workers) => new TranscriberPool({ bundleDir: model.dir, workers, threadsPerWorker: 1 }));
  }

  /** Content hashes of the loaded pools, and how many jobs hold each. */
  get loaded(): ReadonlyMap<string, number> {
    return new Map([...this.#entries.values()].map((e) => [e.sha256, e.holders]));
  }

  /** Lends the pool of `model`, creating it (its workers start loading the model) when none is loaded. */
  acquire(model: PoolModel): PoolLease {
    if (this.#disposed) throw new Error('The model pools were disposed.');
    let entry = this.#entries.get(model.sha256);
    if (entry === undefined) {
      const created: Entry = { sha256: model.sha256, pool: this.#createPool(model, this.#workers), holders: 0, lastUsed: 0 };
      entry = created;
      this.#entries.set(model.sha256, created);
      // a model that does not load fails every job: drop its pool, so the next job tries again with a fresh one
      created.pool.ready().catch(() => this.#drop(created));
    }
    const held = entry;
    held.holders++;
    held.lastUsed = ++this.#clock;
    this.#trim();
    let released = false;
    return {
      pool: held.pool,
      release: () => {
        if (released) return;
        released = true;
        held.holders--;
        held.lastUsed = ++this.#clock;
        this.#trim();
      },
    };
  }

  /** Forgets and disposes `pool` (its workers died): the next job of its model starts a fresh one. */
  discard(pool: TranscriberPool): void {
    const entry = [...this.#entries.values()].find((e) => e.pool === pool);
    if (entry !== undefined) this.#drop(entry);
  }

  /** Disposes every pool (jobs still running on one are rejected with a `disposed` error). */
  async dispose(): Promise<void> {
    this.#disposed = true;
    const pools = [...this.#entries.values()].map((e) => e.pool);
    this.#entries.clear();
    await Promise.all(pools.map((pool) => pool.dispose()));
  }

  #drop(entry: Entry): void {
    if (this.#entries.get(entry.sha256) !== entry) return;
    this.#entries.delete(entry.sha256);
    // the jobs holding it get its error from their own calls; a pool with no workers left costs nothing to dispose
    void entry.pool.dispose();
  }

  // idle pools over the limit go, least recently used first
  #trim(): void {
    const idle = [...this.#entries.values()].filter((e) => e.holders === 0).sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of idle.slice(0, Math.max(0, idle.length - this.#maxIdle))) this.#drop(entry);
  }
}
