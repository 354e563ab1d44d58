import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { ModelBundle } from '../bundle/ModelBundle.ts';
import { ModelBundleError } from '../bundle/ModelBundleError.ts';
import { parsePunctuationJson } from '../punctuate/PunctuationConfig.ts';
import { Punctuator } from '../punctuate/Punctuator.ts';
import { onnxRuntimeNode } from './onnxRuntimeNode.ts';
import { sha256File } from './sha256File.ts';

/**
 * The bundle's punctuation model on onnxruntime-node (model.json `punctuation` -> `punct.json` -> its ONNX file,
 * whose sha256 is checked when punct.json records one).
 *
 * @returns undefined when the bundle has no punctuation model.
 * @throws {ModelBundleError} for a missing, malformed or damaged punct.json or ONNX file.
 * @example
 * const punctuator = await loadPunctuator(await loadModelBundle(dir), { intraOpNumThreads: 1 });
 */
export async function loadPunctuator(bundle: Pick<ModelBundle, 'punctuation'>, options: { intraOpNumThreads?: number } = {}): Promise<Punctuator | undefined> {
  if (bundle.punctuation === undefined) return undefined;
  const jsonPath = bundle.punctuation.file;
  const text = await readFile(jsonPath, 'utf8').catch((cause: unknown) => {
    throw new ModelBundleError('model-file-missing', `model.json names the punctuation model ${jsonPath}, which is missing or unreadable`, { field: 'punctuation.file', cause });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ModelBundleError('model-json-malformed', `${jsonPath} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const config = parsePunctuationJson(json);
  const root = dirname(jsonPath);
  const file = resolve(root, config.file);
  if (isAbsolute(config.file) || !file.startsWith(root + sep)) {
    throw new ModelBundleError('invalid-field', `punct.json: file must be a path inside the bundle directory (got ${JSON.stringify(config.file)})`, { field: 'punct.json.file' });
  }
  const hash = await sha256File(file).catch((cause: unknown) => {
    throw new ModelBundleError('model-file-missing', `punct.json names the punctuation model ${config.file}, which is missing from ${root}`, { field: 'punct.json.file', cause });
  });
  if (config.sha256 !== undefined && hash !== config.sha256) {
    throw new ModelBundleError('hash-mismatch', `${file} has sha256 ${hash} but punct.json records ${config.sha256}: the punctuation model was changed or damaged`, { field: 'punct.json.sha256' });
  }
  return Punctuator.create(config, file, onnxRuntimeNode, options);
}
