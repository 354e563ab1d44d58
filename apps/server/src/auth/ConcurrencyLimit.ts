/** Options of {@link ConcurrencyLimit}. */
export interface ConcurrencyLimitOptions {
  /** Tasks running at once. */
  readonly maxRunning: number;
  /** Tasks waiting for a turn; past this, {@link ConcurrencyLimit#run} refuses at once. */
  readonly maxWaiting: number;
}

/** Thrown by {@link ConcurrencyLimit#run} when every slot and every waiting place is taken. */
export class ConcurrencyLimitFull extends Error {
  override readonly name = 'ConcurrencyLimitFull';
}

/**
 * Runs at most `maxRunning` async tasks at once, first come first served, with at most `maxWaiting` waiting; a
 * task beyond that is refused straight away rather than queued, so a flood costs memory for `maxWaiting` promises
 * and no more.
 *
 * @example
 * const hashing = new ConcurrencyLimit({ maxRunning: 2, maxWaiting: 32 });
 * const key = await hashing.run(() => scryptAsync(password, salt)); // throws ConcurrencyLimitFull when flooded
 */
export class ConcurrencyLimit {
  readonly #maxRunning: number;
  readonly #maxWaiting: number;
  readonly #waiting: Array<() => void> = [];
  #running = 0;

  constructor(options: ConcurrencyLimitOptions) {
    if (!(Number.isInteger(options.maxRunning) && options.maxRunning >= 1)) throw new RangeError('maxRunning must be a whole number of at least 1.');
    if (!(Number.isInteger(options.maxWaiting) && options.maxWaiting >= 0)) throw new RangeError('maxWaiting must be a whole number of at least 0.');
    this.#maxRunning = options.maxRunning;
    this.#maxWaiting = options.maxWaiting;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for a turn now. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `task` when a slot is free. Throws {@link ConcurrencyLimitFull} without running it when none is and none will be soon. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#maxRunning) {
      if (this.#waiting.length >= this.#maxWaiting) throw new ConcurrencyLimitFull('Too many tasks are running and waiting already.');
      // the slot is handed over by the task that frees it, so no newcomer can take it in between
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#running -= 1;
      else next();
    }
  }
}
