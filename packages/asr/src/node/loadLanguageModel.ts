import { readFile } from 'node:fs/promises';
import type { ModelBundle } from '../bundle/ModelBundle.ts';
import { LanguageModelError } from '../lm/LanguageModelError.ts';
import { decodeNgramModel } from '../lm/ngramBinary.ts';
import type { NgramModel } from '../lm/NgramModel.ts';

/**
 * Reads a bundle's word language model (model.json `lm.file`; its hash was checked by `loadModelBundle`).
 *
 * @returns undefined when the bundle has no LM.
 * @throws {LanguageModelError} for an unreadable, truncated or damaged file.
 */
export async function loadLanguageModel(bundle: Pick<ModelBundle, 'lm'>): Promise<NgramModel | undefined> {
  if (bundle.lm === undefined) return undefined;
  const { file } = bundle.lm;
  const bytes = await readFile(file).catch((cause: unknown) => {
    throw new LanguageModelError('corrupt', `cannot read the language model ${file}: ${(cause as Error).message}`, { cause });
  });
  return decodeNgramModel(bytes, file);
}
