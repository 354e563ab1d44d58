import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelBundleError } from '../../bundle/ModelBundleError.ts';
import type { ModelPackageLineage } from './PreparedModelPackage.ts';

/** The files about a model that a package may carry beside it: card, evaluation, lineage. */
export interface PackageExtras {
  /** The card's path (MODEL_CARD.md, else README.md) and text. */
  readonly card: { readonly file: string; readonly text: string } | undefined;
  readonly eval: { readonly file: string; readonly value: unknown } | undefined;
  readonly lineage: { readonly file: string | undefined; readonly value: ModelPackageLineage } | undefined;
}

const CARDS = ['MODEL_CARD.md', 'README.md'];

/**
 * Reads a package's model card, `eval.json` and `lineage.json` (or model.json's `lineage`, given as
 * `modelJsonLineage`), from the files `listPackageFiles` found.
 *
 * @throws {ModelBundleError} `invalid-field` naming the file when eval.json or lineage.json is not valid.
 */
export async function readPackageExtras(dir: string, files: readonly string[], modelJsonLineage?: unknown): Promise<PackageExtras> {
  const cardFile = CARDS.find((f) => files.includes(f));
  const card = cardFile ? { file: cardFile, text: await readFile(join(dir, cardFile), 'utf8') } : undefined;
  const evalValue = files.includes('eval.json') ? { file: 'eval.json', value: await readJson(dir, 'eval.json') } : undefined;
  let lineage: PackageExtras['lineage'];
  if (files.includes('lineage.json')) lineage = { file: 'lineage.json', value: parseLineage(await readJson(dir, 'lineage.json'), 'lineage.json') };
  else if (modelJsonLineage !== undefined && modelJsonLineage !== null) lineage = { file: undefined, value: parseLineage(modelJsonLineage, 'model.json lineage') };
  return { card, eval: evalValue, lineage };
}

async function readJson(dir: string, file: string): Promise<unknown> {
  const text = await readFile(join(dir, file), 'utf8');
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ModelBundleError('invalid-field', `${file} is not valid JSON: ${(cause as Error).message}`, { field: file, cause });
  }
}

/** lineage.json: `{ parent: { id, version, sha256 } | null, manifestSha256, trainingSeconds, steps }`, each optional. */
function parseLineage(value: unknown, where: string): ModelPackageLineage {
  const bad = (what: string): never => {
    throw new ModelBundleError('invalid-field', `${where}: ${what}`, { field: where });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('must be a JSON object');
  const v = value as Record<string, unknown>;
  let parent: ModelPackageLineage['parent'] = null;
  if (v['parent'] !== undefined && v['parent'] !== null) {
    const p = v['parent'] as Record<string, unknown>;
    if (typeof p !== 'object' || [p['id'], p['version'], p['sha256']].some((s) => typeof s !== 'string' || s === '')) {
      bad('parent must be { "id", "version", "sha256" } (strings) or null');
    }
    parent = { id: p['id'] as string, version: p['version'] as string, sha256: p['sha256'] as string };
  }
  const str = (k: string): string | null => {
    const s = v[k];
    if (s === undefined || s === null) return null;
    return typeof s === 'string' ? s : bad(`${k} must be a string or null`);
  };
  const num = (k: string): number | null => {
    const n = v[k];
    if (n === undefined || n === null) return null;
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : bad(`${k} must be a non-negative number or null`);
  };
  return { parent, manifestSha256: str('manifestSha256'), trainingSeconds: num('trainingSeconds'), steps: num('steps') };
}
