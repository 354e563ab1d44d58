import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseModelJson } from '@verbatim/asr';

/** The outcome of one readiness check. */
export interface CheckResult {
  readonly ok: boolean;
  readonly message: string;
}

/**
 * Whether `modelDir` holds a usable-looking model bundle: a `model.json` the runtime accepts and the model file
 * it names. Cheap enough for every `/readyz` probe: it neither hashes nor loads the model.
 */
export async function checkModelBundle(modelDir: string): Promise<CheckResult> {
  const jsonPath = join(modelDir, 'model.json');
  let text: string;
  try {
    text = await readFile(jsonPath, 'utf8');
  } catch {
    return { ok: false, message: `No model bundle: ${jsonPath} cannot be read. Set --model-dir or VERBATIM_MODEL_DIR to a bundle directory.` };
  }
  let description: ReturnType<typeof parseModelJson>;
  try {
    description = parseModelJson(JSON.parse(text));
  } catch (error) {
    return { ok: false, message: `The model bundle's model.json is not usable: ${(error as Error).message}.` };
  }
  const modelFile = resolve(modelDir, description.file);
  const file = await stat(modelFile).catch(() => undefined);
  if (!file?.isFile()) return { ok: false, message: `model.json names ${description.file}, which is missing from ${modelDir}.` };
  return { ok: true, message: `${description.id} ${description.version}` };
}
