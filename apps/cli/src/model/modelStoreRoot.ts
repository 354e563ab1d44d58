import { join, resolve } from 'node:path';
import envPaths from 'env-paths';

/**
 * The model store the CLI uses: `--store`, else `$VERBATIM_MODEL_STORE`, else `models/` in the per-user data
 * directory (`~/.local/share/verbatim/models` on Linux). Point `--store` at a server's `<data-dir>/models` to manage
 * the store that server uses.
 */
export function modelStoreRoot(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return resolve(flag);
  const fromEnv = env['VERBATIM_MODEL_STORE'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return join(envPaths('verbatim', { suffix: '' }).data, 'models');
}
