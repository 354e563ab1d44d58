import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ModelBundleError } from '../../bundle/ModelBundleError.ts';
import { parseModelJson } from '../../bundle/parseModelJson.ts';
import { parseTokensTxt } from '../../bundle/parseTokensTxt.ts';
import { loadModelBundle } from '../loadModelBundle.ts';
import { sha256File } from '../sha256File.ts';
import { listPackageFiles } from './listPackageFiles.ts';
import type { ModelLayout, PreparedModelPackage } from './PreparedModelPackage.ts';
import { readOnnxMetadata } from './readOnnxMetadata.ts';
import { readPackageExtras } from './readPackageExtras.ts';
import { sherpaNemoCtcModelJson } from './sherpaNemoCtcModelJson.ts';
import { wav2vec2CtcModelJson } from './wav2vec2CtcModelJson.ts';

/** Overrides for the installed model's identity. */
export interface PrepareModelPackageOptions {
  /** The model id (default: model.json's, else the directory name made a valid id). */
  id?: string;
  /**
   * The version (default: model.json's, else the ONNX metadata's `version` when it is a release number with a dot
   * such as `2.1.0`, else `0.0.0+<first 8 hex digits of the ONNX sha256>`).
   */
  version?: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+_-]*$/;
// a metadata version that names a release, not a format number
const RELEASE = /^\d+(\.\d+)+([-+][A-Za-z0-9.+_-]+)?$/;
// what each layout needs, for the message when a directory is none of them
const LAYOUTS = 'a Verbatim bundle (model.json and the files it names), a sherpa-onnx NeMo CTC package (model.onnx or model.int8.onnx, and tokens.txt) or a wav2vec2 CTC export (an .onnx file and vocab.json)';
const HF_CONFIGS = ['config.json', 'preprocessor_config.json', 'tokenizer_config.json', 'special_tokens_map.json'];

/**
 * Reads (never writes) a model package directory and describes it for installing: which layout it is, the complete
 * model.json (generated from the ONNX metadata and tokens.txt / vocab.json when the package has none), the files that
 * belong to it, and its card, evaluation and lineage.
 *
 * Layouts, tried in this order:
 * - `verbatim`: `model.json` present; validated with the runtime's own loader (every file it names, the ONNX hash);
 *   every file in the directory belongs to the package.
 * - `sherpa-nemo-ctc`: an ONNX and `tokens.txt`. The ONNX is `model.onnx`, else `model.int8.onnx`, else the only
 *   `*.onnx` (sherpa-onnx packages often ship both: the float one is taken, as the more accurate; install a
 *   directory holding only the int8 file for that one).
 * - `wav2vec2-ctc`: an ONNX (as above) and `vocab.json`, with config.json / preprocessor_config.json /
 *   tokenizer_config.json when present.
 * For the generated layouts the package's files are the ONNX, the vocabulary, those configs, the card
 * (MODEL_CARD.md or README.md), eval.json and lineage.json; other files (sample WAVs, scripts) are left out. The id
 * defaults to the directory name (made a valid id), the version to the ONNX metadata's `version` when it is a
 * release number (`2.1.0`; sherpa-onnx's export scripts write `"1"` there as a format number, which is not one), else
 * `0.0.0+<first 8 hex digits of the ONNX sha256>`, so the same ONNX always gets the same version.
 *
 * @throws {ModelBundleError} `bundle-not-found`, `unknown-layout` (saying what was found and what each layout
 *   needs), `unsafe-path` (a symbolic link), `onnx-unreadable` (a damaged or truncated ONNX), `tokens-mismatch`,
 *   `tokens-file-missing`, or a model.json field error; every message names the file at fault.
 * @example
 * const pkg = await prepareModelPackage('sherpa-onnx-nemo-ctc-en-conformer-small');
 * pkg.layout; // "sherpa-nemo-ctc"
 * pkg.files; // ["model.onnx", "tokens.txt"]
 */
export async function prepareModelPackage(dir: string, options: PrepareModelPackageOptions = {}): Promise<PreparedModelPackage> {
  const root = resolve(dir);
  if (options.id !== undefined && !ID.test(options.id)) {
    throw new ModelBundleError('invalid-field', `model id ${JSON.stringify(options.id)} must start with a letter or digit and hold only letters, digits, ".", "_" and "-"`, { field: 'id' });
  }
  if (options.version !== undefined && !VERSION.test(options.version)) {
    throw new ModelBundleError('invalid-field', `model version ${JSON.stringify(options.version)} must start with a letter or digit and hold only letters, digits, ".", "+", "_" and "-"`, { field: 'version' });
  }
  const files = await listPackageFiles(root);
  if (files.includes('model.json')) return prepareVerbatim(root, files, options);

  const onnx = pickOnnx(files);
  const top = files.filter((f) => !f.includes('/'));
  if (!onnx) {
    throw new ModelBundleError('unknown-layout', `${root} is not a model package: found ${describeFiles(top)}; expected ${LAYOUTS}`);
  }
  if (onnx === 'ambiguous') {
    throw new ModelBundleError('unknown-layout', `${root} holds several ONNX files (${top.filter((f) => f.endsWith('.onnx')).join(', ')}) and none is model.onnx or model.int8.onnx: cannot tell which is the model`);
  }
  const layout: ModelLayout | undefined = top.includes('tokens.txt') ? 'sherpa-nemo-ctc' : top.includes('vocab.json') ? 'wav2vec2-ctc' : undefined;
  if (!layout) {
    throw new ModelBundleError('tokens-file-missing', `${root} has the model ${onnx} but no tokens.txt (sherpa-onnx NeMo CTC) or vocab.json (wav2vec2 CTC): the model's output symbols are unknown; expected ${LAYOUTS}`);
  }

  const meta = await readOnnxMetadata(join(root, onnx));
  const sha256 = await sha256File(join(root, onnx));
  const id = options.id ?? idFromDirectory(root);
  const version = options.version ?? validOr(meta.metadata['version'], RELEASE) ?? `0.0.0+${sha256.slice(0, 8)}`;
  const extras = await readPackageExtras(root, top);
  const belong = [onnx, extras.card?.file, extras.eval?.file, extras.lineage?.file];

  let modelJson: Record<string, unknown>;
  if (layout === 'sherpa-nemo-ctc') {
    const tokens = parseTokensTxt(await readFile(join(root, 'tokens.txt'), 'utf8'), 'tokens.txt');
    modelJson = sherpaNemoCtcModelJson({ id, version, file: onnx, sha256, meta, tokensFile: 'tokens.txt', tokens });
    belong.push('tokens.txt');
  } else {
    const json = async (name: string): Promise<Record<string, unknown> | undefined> =>
      top.includes(name) ? (await readJsonObject(root, name)) : undefined;
    modelJson = wav2vec2CtcModelJson({
      id, version, file: onnx, sha256, meta,
      vocab: await json('vocab.json'),
      config: await json('config.json'),
      preprocessor: await json('preprocessor_config.json'),
      tokenizer: await json('tokenizer_config.json'),
    });
    belong.push('vocab.json', ...HF_CONFIGS.filter((f) => top.includes(f)));
  }
  // what the generator wrote must be what the runtime reads: fail here, not at the first transcription
  parseModelJson(modelJson);
  return {
    layout,
    modelJson,
    files: [...new Set(belong.filter((f): f is string => f !== undefined))].sort(),
    calibrated: false,
    hasLm: false,
    card: extras.card?.text,
    eval: extras.eval?.value,
    lineage: extras.lineage?.value,
  };
}

async function prepareVerbatim(root: string, files: string[], options: PrepareModelPackageOptions): Promise<PreparedModelPackage> {
  const bundle = await loadModelBundle(root);
  const json = await readJsonObject(root, 'model.json');
  await readOnnxMetadata(bundle.modelFile);
  const modelJson = { ...json, ...(options.id ? { id: options.id } : {}), ...(options.version ? { version: options.version } : {}) };
  if (!ID.test(String(modelJson['id']))) {
    throw new ModelBundleError('invalid-field', `model.json: id ${JSON.stringify(modelJson['id'])} must start with a letter or digit and hold only letters, digits, ".", "_" and "-" (or install with another id)`, { field: 'id' });
  }
  if (!VERSION.test(String(modelJson['version']))) {
    throw new ModelBundleError('invalid-field', `model.json: version ${JSON.stringify(modelJson['version'])} must start with a letter or digit and hold only letters, digits, ".", "+", "_" and "-" (or install with another version)`, { field: 'version' });
  }
  const extras = await readPackageExtras(root, files, json['lineage']);
  return {
    layout: 'verbatim',
    modelJson,
    files,
    calibrated: bundle.confidence.calibration !== undefined,
    hasLm: bundle.lm !== undefined,
    card: extras.card?.text,
    eval: extras.eval?.value,
    lineage: extras.lineage?.value,
  };
}

function pickOnnx(files: readonly string[]): string | 'ambiguous' | undefined {
  if (files.includes('model.onnx')) return 'model.onnx';
  if (files.includes('model.int8.onnx')) return 'model.int8.onnx';
  const onnx = files.filter((f) => !f.includes('/') && f.endsWith('.onnx'));
  if (onnx.length > 1) return 'ambiguous';
  return onnx[0];
}

async function readJsonObject(root: string, name: string): Promise<Record<string, unknown>> {
  const text = await readFile(join(root, name), 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ModelBundleError(name === 'model.json' ? 'model-json-malformed' : 'invalid-field', `${name} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelBundleError('invalid-field', `${name} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

function validOr(value: string | undefined, pattern: RegExp): string | undefined {
  return value !== undefined && pattern.test(value) ? value : undefined;
}

function idFromDirectory(root: string): string {
  const id = basename(root).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return id === '' ? 'model' : id;
}

function describeFiles(files: readonly string[]): string {
  if (files.length === 0) return 'no files';
  const shown = files.slice(0, 12).join(', ');
  return files.length > 12 ? `${shown} and ${files.length - 12} more` : shown;
}
