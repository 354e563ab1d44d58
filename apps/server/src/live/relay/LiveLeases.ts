import { randomUUID } from 'node:crypto';
import type { Logger } from '../../http/Logger.ts';
import type { LiveSessionStore } from '../LiveSessionStore.ts';

/** The default lease of a held session (15 s), renewed every third of it. */
export const DEFAULT_LIVE_LEASE_MS = 15_000;

/** Options of {@link LiveLeases}. */
export interface LiveLeasesOptions {
  /** This process's id in `live_sessions.owner_id` (default: a random UUID). */
  readonly ownerId?: string;
  /** How long a lease lasts without renewal (default {@link DEFAULT_LIVE_LEASE_MS}); renewed every third of it. */
  readonly leaseMs?: number;
  readonly now?: () => number;
  readonly logger?: Logger | undefined;
}

/**
 * Which live sessions this web process holds, when several share one PostgreSQL database: the process capturing a
 * session (its source is connected here, or it rests here) or finishing it claims it (`live_sessions.owner_id` and a
 * lease), and renews the lease every third of it while it holds it. A source connecting through another process is
 * refused while the lease is live; a process that died stops renewing, and once its lease ran out another process
 * may take the session over (a source that reconnects there) or finish it (`LiveSessionSweeper`). Releasing clears the
 * holder, so any process may take the session at once.
 *
 * @example
 * if (!leases.claim(sessionId)) ws.close(4409, 'Another process holds this session.');
 * // …
 * leases.release(sessionId);
 */
export class LiveLeases {
  readonly ownerId: string;
  readonly leaseMs: number;
  readonly #store: Pick<LiveSessionStore, 'claim' | 'renew' | 'release' | 'holder'>;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  readonly #held = new Set<string>();
  readonly #timer: NodeJS.Timeout;
  #disposed = false;

  constructor(store: Pick<LiveSessionStore, 'claim' | 'renew' | 'release' | 'holder'>, options: LiveLeasesOptions = {}) {
    this.#store = store;
    this.ownerId = options.ownerId ?? randomUUID();
    this.leaseMs = options.leaseMs ?? DEFAULT_LIVE_LEASE_MS;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
    this.#timer = setInterval(() => this.renew(), Math.max(1, Math.floor(this.leaseMs / 3)));
    this.#timer.unref();
  }

  /** Takes the session (or extends the lease on it); false while another living process holds it. */
  claim(sessionId: string): boolean {
    if (this.#disposed) return false;
    if (!this.#store.claim(sessionId, this.ownerId, this.#now() + this.leaseMs)) return false;
    this.#held.add(sessionId);
    return true;
  }

  /** Whether this process holds the session. */
  holds(sessionId: string): boolean {
    return this.#held.has(sessionId);
  }

  /** Whether another process holds the session and its lease is live. */
  heldElsewhere(sessionId: string): boolean {
    const holder = this.#store.holder(sessionId);
    return holder !== undefined && holder.ownerId !== this.ownerId && holder.expiresAt >= this.#now();
  }

  /** Gives the session up: any process may take it at once. */
  release(sessionId: string): void {
    if (!this.#held.delete(sessionId)) return;
    try {
      this.#store.release(sessionId, this.ownerId);
    } catch (error) {
      // the lease runs out on its own
      this.#logger?.warn({ sessionId, err: String(error) }, 'could not release a live session');
    }
  }

  /** Extends the leases of the sessions held (the timer does it every third of the lease). */
  renew(): void {
    if (this.#held.size === 0 || this.#disposed) return;
    try {
      const { lost, ended } = this.#store.renew(this.ownerId, [...this.#held], this.#now() + this.leaseMs);
      // a session that ended is no longer held by anyone: its finisher's release finds nothing left to do
      for (const sessionId of ended) this.#held.delete(sessionId);
      for (const sessionId of lost) {
        this.#held.delete(sessionId);
        this.#logger?.warn({ sessionId }, 'another process took over a live session this one held (its lease had run out)');
      }
    } catch (error) {
      this.#logger?.warn({ err: String(error) }, 'could not renew the leases of live sessions; trying again shortly');
    }
  }

  /** Releases every session held and stops renewing. */
  dispose(): void {
    if (this.#disposed) return;
    clearInterval(this.#timer);
    for (const sessionId of [...this.#held]) this.release(sessionId);
    this.#disposed = true;
  }
}
