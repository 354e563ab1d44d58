import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveSessionStore } from './LiveSessionStore.ts';
import { liveRecordingDir } from './liveRecordingPath.ts';

const RECORDING = /^([0-9a-f-]{36})\.pcm$/;

/**
 * Deletes the recordings of live sessions that no longer exist (their project was deleted), so deleting a project
 * leaves none of its audio on disk. Returns how many went. A missing folder is nothing to do.
 */
export function removeOrphanRecordings(dataDir: string, store: Pick<LiveSessionStore, 'get'>): number {
  const dir = liveRecordingDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const id = RECORDING.exec(name)?.[1];
    if (id === undefined || store.get(id) !== undefined) continue;
    rmSync(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}
