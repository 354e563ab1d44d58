import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Deletes what a stopped process left in the store's `tmp/`: removals it had moved out of `objects/`, and install
 * staging not touched since `cutoff` (ms since the epoch; an install in progress in another process is younger).
 */
export async function sweepStaging(tmp: string, cutoff: number): Promise<void> {
  for (const name of await readdir(tmp)) {
    const path = join(tmp, name);
    const s = await stat(path).catch(() => undefined);
    if (s && (name.startsWith('removed-') || (name.startsWith('install-') && s.mtimeMs < cutoff))) await rm(path, { recursive: true, force: true });
  }
}
