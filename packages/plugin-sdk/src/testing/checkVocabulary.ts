import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateVocabularyEntries, type VocabularyEntry } from '@verbatim/core/vocabulary';
import { importOptionalPeer } from './importOptionalPeer.ts';

/** Whether a vocabulary compiles for a model, and if not, why (one sentence per problem). */
export interface VocabularyCheck {
  ok: boolean;
  problems: string[];
}

/** The bundled model, relative to the repository root. */
const DEFAULT_MODEL = join('models', 'verbatim-en-char-v1');

// Loading a bundle hashes its model file; tests check several vocabularies against the same one.
const bundles = new Map<string, Promise<unknown>>();

/**
 * Compiles vocabulary entries for a model bundle the way the speech runtime will (`createVocabularyGraph` from
 * `@verbatim/asr`): the fields are checked, and every phrase, `soundsLike` and word must be spellable with the
 * model's tokens (for the bundled character model: lower-case a-z, apostrophe, space).
 *
 * Needs `@verbatim/asr`, an optional peer dependency of the SDK (it brings native onnxruntime binaries that plugins
 * themselves never load): without it this rejects with an error naming the package; the rest of `/testing` works.
 *
 * @param modelDir a model bundle directory (default: the repository's `models/verbatim-en-char-v1`, found from this
 *   package's location).
 * @example
 * const { ok, problems } = await checkVocabulary(await plugin.vocabulary('medical.terms'));
 * expect(problems).toEqual([]);
 */
export async function checkVocabulary(entries: readonly VocabularyEntry[], modelDir?: string): Promise<VocabularyCheck> {
  const fieldProblems = validateVocabularyEntries(entries);
  if (fieldProblems.length > 0) return { ok: false, problems: fieldProblems };
  // loaded on demand: the speech runtime brings onnxruntime, which tests that only post-process never need
  const [asr, asrNode] = await Promise.all([
    importOptionalPeer<typeof import('@verbatim/asr')>('@verbatim/asr', 'checkVocabulary'),
    importOptionalPeer<typeof import('@verbatim/asr/node')>('@verbatim/asr/node', 'checkVocabulary'),
  ]);
  const dir = resolve(modelDir ?? defaultModelDir());
  let bundle = bundles.get(dir);
  if (!bundle) {
    bundle = asrNode.loadModelBundle(dir);
    bundles.set(dir, bundle);
    bundle.catch(() => bundles.delete(dir));
  }
  const loaded = (await bundle) as Awaited<ReturnType<typeof asrNode.loadModelBundle>>;
  try {
    asr.createVocabularyGraph(loaded, entries);
    return { ok: true, problems: [] };
  } catch (error) {
    if (error instanceof Error && error.name === 'VocabularyError') {
      const { problems } = error as InstanceType<typeof asr.VocabularyError>;
      if (problems.length > 0) return { ok: false, problems: problems.map((p) => `entry ${p.index} ${JSON.stringify(p.phrase)}: ${p.reason}`) };
      return { ok: false, problems: [error.message] };
    }
    throw error;
  }
}

function defaultModelDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, DEFAULT_MODEL);
    if (existsSync(join(candidate, 'model.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`checkVocabulary: no ${DEFAULT_MODEL}/model.json above ${fileURLToPath(import.meta.url)}; pass the model bundle directory`);
}
