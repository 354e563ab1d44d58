import { join } from 'node:path';
import { lock } from 'proper-lockfile';
import { ModelStoreError } from './ModelStoreError.ts';

/**
 * Runs `fn` holding the store's lock (`<root>/store.lock`, a proper-lockfile lock directory), which every process
 * using the same store respects: commits and removals never interleave. A holder that died is taken over after 30 s.
 */
export async function withStoreLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  let compromised: Error | undefined;
  const release = await lock(root, {
    lockfilePath: join(root, 'store.lock'),
    stale: 30_000,
    retries: { retries: 100, minTimeout: 20, maxTimeout: 1000 },
    onCompromised: (err) => {
      compromised = err;
    },
  });
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
    if (compromised) throw new ModelStoreError('store-corrupt', `the lock on ${root} was lost during the operation: ${compromised.message}`);
  }
}
