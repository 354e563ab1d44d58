import { isIPv6 } from 'node:net';
import { RateLimiterMemory } from 'rate-limiter-flexible';

/** Options of {@link LoginThrottle}; every limit has a default, and no wait is ever longer than `maxDelaySeconds`. */
export interface LoginThrottleOptions {
  /** Failed password checks in a row one address may make on one account before it must wait (default 5). */
  readonly freeFailures?: number;
  /** The first wait after those, in seconds; it doubles with each further failure (default 1). */
  readonly firstDelaySeconds?: number;
  /** The longest wait, in seconds (default 900: 15 minutes). Also the window of the address and account limits. */
  readonly maxDelaySeconds?: number;
  /** A run of failures of one address on one account is forgotten this long after it began (default 86400: a day). */
  readonly failureMemorySeconds?: number;
  /** Failed password checks one address may make, on any accounts, per `maxDelaySeconds` (default 100). */
  readonly addressFailures?: number;
  /**
   * Failed password checks one account may take, from addresses it has not signed in from, per `maxDelaySeconds`
   * (default 50); an address that signed in to the account within `knownAddressSeconds` is not held by it.
   */
  readonly accountFailures?: number;
  /** How long an address that signed in to an account stays known to it (default 14 days; at most 23, a timer's range). */
  readonly knownAddressSeconds?: number;
}

/** Why a login attempt must wait. */
export type LoginRefusalReason = 'account-and-address' | 'address' | 'account';

/** The outcome of {@link LoginThrottle#admit}. */
export type LoginAdmission =
  | { readonly admitted: true; readonly attempt: LoginAttempt }
  | { readonly admitted: false; readonly reason: LoginRefusalReason; readonly retryAfterSeconds: number };

/** An admitted attempt, counted as a failure until it is reported otherwise. */
export interface LoginAttempt {
  /** The password was right: the address's failures on the account are forgotten and the address becomes known to it. */
  succeeded(): Promise<void>;
  /** The password was never checked (the server was too busy, say): the attempt does not count. */
  withdrawn(): Promise<void>;
}

const DEFAULTS: Required<LoginThrottleOptions> = {
  freeFailures: 5,
  firstDelaySeconds: 1,
  maxDelaySeconds: 900,
  failureMemorySeconds: 86_400,
  addressFailures: 100,
  accountFailures: 50,
  knownAddressSeconds: 14 * 86_400,
};

// the memory store expires each key with a setTimeout, which fires at once past 2^31 ms (24.8 days)
const LONGEST_SECONDS = 23 * 86_400;

/**
 * Throttles password checks (logins and password changes) in memory, before any hashing is spent on them:
 * - one address on one account: `freeFailures` failures in a row, then a wait that doubles from `firstDelaySeconds`
 *   up to `maxDelaySeconds` after each further failure; a success clears it;
 * - one address on any accounts: `addressFailures` failures per `maxDelaySeconds` (password spraying);
 * - one account from addresses it has not signed in from: `accountFailures` per `maxDelaySeconds` (many addresses
 *   guessing one password), which never holds back an address the account signed in from recently.
 * No wait exceeds `maxDelaySeconds`, so an attacker can delay but never lock out an account for good, and the right
 * password from an address with no failures of its own gets in unless that account is under attack from many
 * addresses at once (then it waits at most `maxDelaySeconds`; its known addresses never wait). An attempt counts as
 * a failure from the moment it is admitted, so simultaneous guesses cannot slip through together. IPv6 addresses
 * are counted per /64, the block one host usually holds. State lives in this process: a restart forgets it.
 *
 * @example
 * const admission = await throttle.admit(email, address);
 * if (!admission.admitted) return tooManyAttempts(admission.retryAfterSeconds);
 * if (await passwordIsRight()) await admission.attempt.succeeded();
 */
export class LoginThrottle {
  readonly #options: Required<LoginThrottleOptions>;
  readonly #pairFailures: RateLimiterMemory;
  readonly #pairWait: RateLimiterMemory;
  readonly #addressFailures: RateLimiterMemory;
  readonly #accountFailures: RateLimiterMemory;
  readonly #known: RateLimiterMemory;
  // decisions and the charges they make run one at a time, so two requests cannot both see a free slot
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: LoginThrottleOptions = {}) {
    const merged = { ...DEFAULTS, ...withoutUndefined(options) };
    this.#options = {
      ...merged,
      maxDelaySeconds: Math.min(merged.maxDelaySeconds, LONGEST_SECONDS),
      failureMemorySeconds: Math.min(merged.failureMemorySeconds, LONGEST_SECONDS),
      knownAddressSeconds: Math.min(merged.knownAddressSeconds, LONGEST_SECONDS),
    };
    const { maxDelaySeconds, failureMemorySeconds, addressFailures, accountFailures, knownAddressSeconds } = this.#options;
    this.#pairFailures = new RateLimiterMemory({ points: 1, duration: failureMemorySeconds });
    this.#pairWait = new RateLimiterMemory({ points: 1, duration: maxDelaySeconds });
    this.#addressFailures = new RateLimiterMemory({ points: addressFailures, duration: maxDelaySeconds });
    this.#accountFailures = new RateLimiterMemory({ points: accountFailures, duration: maxDelaySeconds });
    this.#known = new RateLimiterMemory({ points: 1, duration: knownAddressSeconds });
  }

  /** Whether a password check of `account` (an email) from `address` (an IP address) may run now; see the class. */
  admit(account: string, address: string): Promise<LoginAdmission> {
    // as the account store reads it, so spellings of one address (case, composed accents) share one count
    const accountKey = account.trim().normalize('NFC').toLowerCase();
    const addressKey = addressBlock(address);
    const pair = JSON.stringify([accountKey, addressKey]);
    return this.#serially(async (): Promise<LoginAdmission> => {
      const wait = await this.#pairWait.get(pair);
      if (wait !== null && wait.msBeforeNext > 0) return refuse('account-and-address', wait.msBeforeNext);
      const byAddress = await this.#addressFailures.get(addressKey);
      if (byAddress !== null && byAddress.msBeforeNext > 0 && byAddress.consumedPoints >= this.#options.addressFailures) {
        return refuse('address', byAddress.msBeforeNext);
      }
      const known = (await this.#known.get(pair)) !== null;
      if (!known) {
        const byAccount = await this.#accountFailures.get(accountKey);
        if (byAccount !== null && byAccount.msBeforeNext > 0 && byAccount.consumedPoints >= this.#options.accountFailures) {
          return refuse('account', byAccount.msBeforeNext);
        }
      }
      const failures = (await this.#pairFailures.penalty(pair)).consumedPoints;
      await this.#addressFailures.penalty(addressKey);
      if (!known) await this.#accountFailures.penalty(accountKey);
      const waits = failures >= this.#options.freeFailures;
      if (waits) await this.#pairWait.block(pair, this.#delaySeconds(failures));
      let settled = false;
      const settle = (work: () => Promise<void>) => {
        if (settled) return Promise.resolve();
        settled = true;
        return this.#serially(work);
      };
      return {
        admitted: true,
        attempt: {
          succeeded: () =>
            settle(async () => {
              await this.#pairFailures.delete(pair);
              await this.#pairWait.delete(pair);
              await refund(this.#addressFailures, addressKey);
              if (!known) await refund(this.#accountFailures, accountKey);
              await this.#known.set(pair, 1, this.#options.knownAddressSeconds);
            }),
          withdrawn: () =>
            settle(async () => {
              // it was admitted, so no wait was running before it set one
              if (waits) await this.#pairWait.delete(pair);
              await refund(this.#pairFailures, pair);
              await refund(this.#addressFailures, addressKey);
              if (!known) await refund(this.#accountFailures, accountKey);
            }),
        },
      };
    });
  }

  // the wait after the n-th failure in a row: none before freeFailures, then 1, 2, 4 … × firstDelaySeconds, capped
  #delaySeconds(failures: number): number {
    const { firstDelaySeconds, maxDelaySeconds, freeFailures } = this.#options;
    return Math.min(firstDelaySeconds * 2 ** Math.min(failures - freeFailures, 30), maxDelaySeconds);
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function refuse(reason: LoginRefusalReason, msBeforeNext: number): LoginAdmission {
  return { admitted: false, reason, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) };
}

// a refund of a count that has already expired would start the next window below zero
async function refund(limiter: RateLimiterMemory, key: string): Promise<void> {
  const current = await limiter.get(key);
  if (current !== null && current.consumedPoints > 0) await limiter.reward(key, 1);
}

/** The address as counted: IPv4 (also when IPv4-mapped) as is, IPv6 by its /64 network. */
export function addressBlock(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped !== null) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back] : front;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
