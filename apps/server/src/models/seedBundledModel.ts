import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { InstalledModel } from './InstalledModel.ts';
import { SYSTEM_USER, type ModelRegistry } from './ModelRegistry.ts';

/**
 * Installs the bundle in `bundleDir` (the bundled model, or `--model-dir`) into the registry's store unless it is
 * there already, and points the deployment `default` alias at it when no default is set yet (an audited `set` by
 * `system`). Idempotent: a bundle whose model file's hash, id and version an installed model has is not installed (nor
 * probe-decoded) again, so a second start only hashes the model file. An alias already set is never moved.
 *
 * @throws what the store's `install` throws (a bundle that does not load or decode).
 */
export async function seedBundledModel(registry: ModelRegistry, bundleDir: string): Promise<{ model: InstalledModel; installed: boolean; aliased: boolean }> {
  const description = JSON.parse(await readFile(join(bundleDir, 'model.json'), 'utf8')) as { id?: unknown; version?: unknown; file?: unknown };
  let model: InstalledModel | undefined;
  if (typeof description.file === 'string') {
    const found = await registry.store.findBySha256(await sha256OfFile(join(bundleDir, description.file)));
    if (found !== undefined && found.id === description.id && found.version === description.version) model = found;
  }
  const installed = model === undefined;
  model ??= await registry.store.install(bundleDir, { installedBy: SYSTEM_USER });
  let aliased = false;
  if (registry.alias('default', null).model === null) {
    await registry.setAlias({ alias: 'default', model: model.ref, by: SYSTEM_USER, reason: `the server's model bundle (${bundleDir}), installed at start` });
    aliased = true;
  }
  return { model, installed, aliased };
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
