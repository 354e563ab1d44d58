import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import type { ModelBundle } from '../bundle/ModelBundle.ts';
import { ModelBundleError } from '../bundle/ModelBundleError.ts';
import { parseModelJson } from '../bundle/parseModelJson.ts';
import { parseTokensTxt } from '../bundle/parseTokensTxt.ts';
import { resolveVocabulary } from '../bundle/resolveVocabulary.ts';
import { sha256File } from './sha256File.ts';

/**
 * Reads a model bundle directory: validates `model.json` field by field, reads the tokens file it names, checks the
 * ONNX file exists and hashes it (and compares with model.json's `sha256` when present).
 *
 * @throws {ModelBundleError} with a `code` naming the failed check.
 * @example
 * const bundle = await loadModelBundle('models/verbatim-en-char-v1');
 * console.log(bundle.id, bundle.version, bundle.modelHash);
 */
export async function loadModelBundle(dir: string): Promise<ModelBundle> {
  const root = resolve(dir);
  const dirStat = await stat(root).catch(() => undefined);
  if (!dirStat?.isDirectory()) {
    throw new ModelBundleError('bundle-not-found', `model bundle ${root} does not exist or is not a directory`);
  }
  const jsonPath = join(root, 'model.json');
  const text = await readFile(jsonPath, 'utf8').catch((cause: unknown) => {
    throw new ModelBundleError('model-json-missing', `model bundle ${root} has no readable model.json`, { cause });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ModelBundleError('model-json-malformed', `${jsonPath} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const desc = parseModelJson(json);

  let fileTokens: string[] | undefined;
  if (desc.tokensFile !== undefined) {
    const tokensPath = inside(root, desc.tokensFile, 'tokensFile');
    const tokensText = await readFile(tokensPath, 'utf8').catch((cause: unknown) => {
      throw new ModelBundleError('tokens-file-missing', `model.json names tokensFile ${desc.tokensFile}, which is missing from ${root}`, { field: 'tokensFile', cause });
    });
    fileTokens = parseTokensTxt(tokensText, tokensPath);
  }
  const tokens = resolveVocabulary(desc, fileTokens);

  const modelFile = inside(root, desc.file, 'file');
  const modelStat = await stat(modelFile).catch(() => undefined);
  if (!modelStat?.isFile()) {
    throw new ModelBundleError('model-file-missing', `model.json names the model file ${desc.file}, which is missing from ${root}`, { field: 'file' });
  }
  const modelHash = await sha256File(modelFile);
  if (desc.sha256 !== undefined && desc.sha256 !== modelHash) {
    throw new ModelBundleError('hash-mismatch', `${modelFile} has sha256 ${modelHash} but model.json records ${desc.sha256}: the model file was changed or damaged`, { field: 'sha256' });
  }

  let lm = desc.lm;
  if (lm !== undefined) {
    const file = inside(root, lm.file, 'lm.file');
    const lmStat = await stat(file).catch(() => undefined);
    if (!lmStat?.isFile()) {
      throw new ModelBundleError('model-file-missing', `model.json names the language model ${lm.file}, which is missing from ${root}`, { field: 'lm.file' });
    }
    if (lm.sha256 !== undefined) {
      const lmHash = await sha256File(file);
      if (lmHash !== lm.sha256) {
        throw new ModelBundleError('hash-mismatch', `${file} has sha256 ${lmHash} but model.json records ${lm.sha256}: the LM file was changed or damaged`, { field: 'lm.sha256' });
      }
    }
    lm = { ...lm, file };
  }

  return {
    dir: root,
    id: desc.id,
    version: desc.version,
    language: desc.language,
    sampleRate: desc.sampleRate,
    modelFile,
    modelHash,
    input: desc.input,
    output: desc.output,
    tokens,
    blankId: desc.blankId,
    wordBoundary: desc.wordBoundary,
    confidence: desc.confidence,
    lm,
    textCase: desc.textCase,
    ...(desc.punctuation === undefined ? {} : { punctuation: { file: inside(root, desc.punctuation.file, 'punctuation.file') } }),
  };
}

function inside(root: string, rel: string, field: string): string {
  // a bundle names its own files; an absolute path or one climbing out would read elsewhere on the host
  const path = resolve(root, rel);
  if (isAbsolute(rel) || !path.startsWith(root.endsWith(sep) ? root : root + sep)) {
    throw new ModelBundleError('invalid-field', `model.json: ${field} must be a path inside the bundle directory (got ${JSON.stringify(rel)})`, { field });
  }
  return path;
}
