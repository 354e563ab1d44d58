import { join } from 'node:path';

/** The folder of live sessions' recordings under the data directory. */
export function liveRecordingDir(dataDir: string): string {
  return join(dataDir, 'live');
}

/**
 * Where a live session's audio is recorded as it arrives: raw s16le mono samples at the session's rate, with no
 * header (`<dataDir>/live/<sessionId>.pcm`); its length in samples is the session's clock.
 */
export function liveRecordingPath(dataDir: string, sessionId: string): string {
  return join(liveRecordingDir(dataDir), `${sessionId}.pcm`);
}
