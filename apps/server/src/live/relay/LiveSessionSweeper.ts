import type { Logger } from '../../http/Logger.ts';
import type { LiveSession } from '../LiveSession.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';
import { finishStoppedLiveSession, type StopLiveSessionDeps } from '../stopLiveSession.ts';

/** Options of {@link LiveSessionSweeper}. */
export interface LiveSessionSweeperOptions {
  /** How often to look (default: the leases' length). */
  readonly intervalMs?: number;
  readonly logger?: Logger | undefined;
}

/**
 * Finishes the live sessions no living web process looks after, when several share one PostgreSQL database: those
 * left `stopping` by no one, and those whose holder's lease ran out (the process died capturing or finishing them).
 * Each is taken first (its lease, so of several processes sweeping at once one finishes it, once), moved to
 * `stopping` if it was `live`, drained from its recording when that is reachable here, stored as media and transcript
 * (no offline re-transcription: who would have asked is not known) and announced `ended` to its viewers on every
 * process. A session whose holder is alive is never touched. Runs at once, then every `intervalMs`.
 *
 * @example
 * const sweeper = new LiveSessionSweeper({ ...context, liveHub, liveAudio: live });
 * // on close: sweeper.dispose();
 */
export class LiveSessionSweeper {
  readonly #deps: StopLiveSessionDeps;
  readonly #store: LiveSessionStore;
  readonly #logger: Logger | undefined;
  readonly #timer: NodeJS.Timeout;
  #running: Promise<LiveSession[]> = Promise.resolve([]);
  #disposed = false;

  constructor(deps: StopLiveSessionDeps, options: LiveSessionSweeperOptions = {}) {
    const leases = deps.liveAudio?.leases;
    if (leases === undefined) throw new Error('The live session sweeper needs the leases of several processes.');
    this.#deps = deps;
    this.#store = new LiveSessionStore(deps.db, { ...(deps.now && { now: deps.now }) });
    this.#logger = options.logger ?? deps.logger;
    this.#timer = setInterval(() => void this.sweep(), options.intervalMs ?? leases.leaseMs);
    this.#timer.unref();
    void this.sweep();
  }

  /** Finishes the sessions abandoned now (after a sweep already running); resolves with those this process finished. */
  sweep(): Promise<LiveSession[]> {
    const run = this.#running.then(() => this.#sweepNow());
    this.#running = run.catch(() => []);
    return run;
  }

  /** Stops sweeping (a sweep under way finishes); resolves when it has. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    clearInterval(this.#timer);
    await this.#running;
  }

  async #sweepNow(): Promise<LiveSession[]> {
    const leases = this.#deps.liveAudio!.leases!;
    const finished: LiveSession[] = [];
    let abandoned: LiveSession[];
    try {
      abandoned = this.#store.listAbandoned();
    } catch (error) {
      this.#logger?.warn({ err: String(error) }, 'could not look for abandoned live sessions; trying again later');
      return finished;
    }
    for (const candidate of abandoned) {
      // one this process holds is looked after here, however late its renewal (a busy event loop)
      if (this.#disposed || leases.holds(candidate.id) || !leases.claim(candidate.id)) continue;
      const session = this.#store.get(candidate.id);
      if (session?.state === 'live') this.#store.transition(session.id, 'live', 'stopping');
      if (session === undefined || this.#store.get(session.id)?.state !== 'stopping') {
        leases.release(candidate.id);
        continue;
      }
      this.#logger?.info({ sessionId: session.id, was: session.state }, 'finishing a live session no server process holds any more');
      finished.push(await finishStoppedLiveSession(this.#deps, this.#store, session.id, { retranscribe: false }));
    }
    return finished;
  }
}
