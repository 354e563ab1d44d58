import { join } from 'node:path';
import type { ServerConfig } from '../config/ServerConfig.ts';

/**
 * Where a server keeps the recordings of live sessions in progress: the data directory on one process (SQLite); with
 * several processes on PostgreSQL and the media on a shared directory, that directory, so any process can resume or
 * finish a session whose process went away (with the media in a bucket, each process's data directory: a session
 * whose process died is finished from its finals alone, see README).
 */
export function liveRecordingRoot(config: Pick<ServerConfig, 'dataDir' | 'database' | 'mediaDir' | 'mediaStore'>): string {
  if (config.database === undefined || config.mediaStore !== undefined) return config.dataDir;
  return config.mediaDir ?? join(config.dataDir, 'media');
}

/** The folder of live sessions' recordings under a recording root (see {@link liveRecordingRoot}). */
export function liveRecordingDir(dataDir: string): string {
  return join(dataDir, 'live');
}

/**
 * Where a live session's audio is recorded as it arrives: raw s16le mono samples at the session's rate, with no
 * header (`<root>/live/<sessionId>.pcm`, the root being the data directory on one process); its length in samples is
 * the session's clock.
 */
export function liveRecordingPath(dataDir: string, sessionId: string): string {
  return join(liveRecordingDir(dataDir), `${sessionId}.pcm`);
}
