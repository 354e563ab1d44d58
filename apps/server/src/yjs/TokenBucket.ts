/** A rate: up to `burst` at once, refilled at `perSecond`. */
export interface Rate {
  readonly burst: number;
  readonly perSecond: number;
}

/**
 * A budget that refills continuously (a token bucket): `spend(n)` takes `n` and says whether the budget still
 * covers it; `has(n)` asks without taking.
 *
 * @example
 * const messages = new TokenBucket({ burst: 500, perSecond: 100 });
 * if (!messages.spend(1)) socket.close(4429, 'too many messages');
 */
export class TokenBucket {
  readonly #rate: Rate;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(rate: Rate, now: () => number = () => performance.now()) {
    this.#rate = rate;
    this.#now = now;
    this.#tokens = rate.burst;
    this.#at = now();
  }

  /** True when `n` is available now. */
  has(n = 1): boolean {
    this.#refill();
    return this.#tokens >= n;
  }

  /** Takes `n` (the budget may go below zero, so an expensive step is paid for); false when it did not cover it. */
  spend(n = 1): boolean {
    this.#refill();
    this.#tokens -= n;
    return this.#tokens >= 0;
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#rate.burst, this.#tokens + ((now - this.#at) / 1000) * this.#rate.perSecond);
    this.#at = now;
  }
}
