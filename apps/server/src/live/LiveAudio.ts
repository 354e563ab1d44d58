import type { LiveLeases } from './relay/LiveLeases.ts';

/**
 * What the REST routes need of the audio endpoint (`createLiveEndpoint`, made by `startServer`): whether a source
 * is connected, and stopping a session's audio before the session is finished.
 */
export interface LiveAudio {
  /** Whether an audio source is connected to the session now. */
  isSourceConnected(sessionId: string): boolean;
  /**
   * Stops taking audio for the session: closes its source (4410), turns what the recogniser still holds into finals
   * (stored and published) and syncs the recording and its length to disk. Resolves when all of that is done; a
   * session with no recogniser running resolves at once.
   */
  stop(sessionId: string): Promise<void>;
  /** The sessions this process holds, when several web processes share one database (absent on one process). */
  readonly leases?: LiveLeases | undefined;
}
