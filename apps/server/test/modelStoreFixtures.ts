// Test helper: a real model store holding the shipped bundle and a second package of it (another version, so another
// content hash and its own transcriber pool), installed the way `verbatim model install` does.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ModelStore, type InstalledModel } from '@verbatim/asr/node';

/** The shipped bundle (VERBATIM_BUNDLE to use another). */
export const TEST_BUNDLE = process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../models/verbatim-en-char-v1');

export interface TestModelStore {
  readonly store: ModelStore;
  readonly root: string;
  /** The shipped bundle as installed. */
  readonly first: InstalledModel;
  /** The same weights packaged as version `<first>-b`: a different package to the store, the registry and the pools. */
  readonly second: InstalledModel;
  dispose(): void;
}

/**
 * A fresh store in a temporary directory with {@link TestModelStore.first} and {@link TestModelStore.second}
 * installed (about a second each: copied, hashed and probe-decoded).
 */
export async function createTestModelStore(): Promise<TestModelStore> {
  if (!existsSync(join(TEST_BUNDLE, 'model.json'))) throw new Error(`no model bundle at ${TEST_BUNDLE}: set VERBATIM_BUNDLE`);
  const root = mkdtempSync(join(tmpdir(), 'vwb-models-'));
  const store = new ModelStore(join(root, 'store'));
  const first = await store.install(TEST_BUNDLE, { installedBy: 'test' });
  const second = await store.install(writeVariant(TEST_BUNDLE, join(root, 'variant'), `${first.version}-b`), { installedBy: 'test' });
  return { store, root, first, second, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Copies `bundle` to `dir` with model.json's version changed to `version` (the training checkpoint left out). */
export function writeVariant(bundle: string, dir: string, version: string): string {
  cpSync(bundle, dir, { recursive: true, filter: (path) => !path.endsWith('.pt') });
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...json, version }, null, 2));
  return dir;
}
