import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelStore } from '@verbatim/asr/node';
import { isModelRef } from '../parseCliArgs.ts';
import { BundleLoadError } from '../transcribeFiles.ts';
import { modelStoreRoot } from './modelStoreRoot.ts';

/**
 * The bundle directory `transcribe --model` means: a model bundle directory as it is (as before the store existed),
 * else an installed model's `id[@version]` looked up in the store, else the directory of that name if there is one.
 *
 * @throws {BundleLoadError} (exit 3) naming the store and what it holds, when no such model is installed.
 */
export async function resolveModelOption(model: string | undefined, store: string | undefined, defaultModel: string): Promise<string> {
  if (model === undefined) return defaultModel;
  const isDir = Boolean((await stat(model).catch(() => undefined))?.isDirectory());
  // a bundle directory wins; a directory that is no bundle (say, the unpacked package just installed from) gives
  // way to an installed model of that name, and is loaded (to fail with the loader's message) only when there is none
  if (isDir && (await stat(join(model, 'model.json')).catch(() => undefined))?.isFile()) return model;
  if (!isModelRef(model)) {
    if (isDir) return model;
    throw new BundleLoadError(`--model ${model}: no such directory, and not an installed model reference (id or id@version)`);
  }
  const models = new ModelStore(modelStoreRoot(store));
  const found = await models.get(model);
  if (found) return found.dir;
  if (isDir) return model;
  const installed = (await models.list()).map((m) => m.ref);
  throw new BundleLoadError(
    `--model ${model}: no such directory, and no installed model ${model} in ${models.root} ` +
      (installed.length ? `(installed: ${installed.join(', ')})` : '(none installed: verbatim model install <dir | archive | https URL>)'),
  );
}
