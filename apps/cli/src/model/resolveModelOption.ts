import { stat } from 'node:fs/promises';
import { ModelStore } from '@verbatim/asr/node';
import { isModelRef } from '../parseCliArgs.ts';
import { BundleLoadError } from '../transcribeFiles.ts';
import { modelStoreRoot } from './modelStoreRoot.ts';

/**
 * The bundle directory `transcribe --model` means: an existing directory as it is (as before the store existed),
 * else an installed model's `id[@version]` looked up in the store.
 *
 * @throws {BundleLoadError} (exit 3) naming the store and what it holds, when no such model is installed.
 */
export async function resolveModelOption(model: string | undefined, store: string | undefined, defaultModel: string): Promise<string> {
  if (model === undefined) return defaultModel;
  if ((await stat(model).catch(() => undefined))?.isDirectory()) return model;
  if (!isModelRef(model)) throw new BundleLoadError(`--model ${model}: no such directory, and not an installed model reference (id or id@version)`);
  const models = new ModelStore(modelStoreRoot(store));
  const found = await models.get(model);
  if (found) return found.dir;
  const installed = (await models.list()).map((m) => m.ref);
  throw new BundleLoadError(
    `--model ${model}: no such directory, and no installed model ${model} in ${models.root} ` +
      (installed.length ? `(installed: ${installed.join(', ')})` : '(none installed: verbatim model install <dir | archive | https URL>)'),
  );
}
