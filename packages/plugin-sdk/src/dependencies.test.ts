import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Plugins install the SDK and nothing else: what it pulls in must not include the speech runtime's native binaries.
const sdkDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const NATIVE = ['onnxruntime-node', 'sherpa-onnx-node'];

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Where Node would find package `name` from `fromDir`: the nearest node_modules/<name> up the tree. */
function findPackage(name: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`${name} is not installed above ${fromDir}`);
  }
}

/** The packages `npm install` adds for a package: its dependencies and required peers, transitively. */
function installClosure(rootDir: string): Set<string> {
  const seen = new Set<string>();
  const pending = [rootDir];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    const manifest = readManifest(dir);
    const requiredPeers = Object.keys(manifest.peerDependencies ?? {}).filter((name) => manifest.peerDependenciesMeta?.[name]?.optional !== true);
    for (const name of [...Object.keys(manifest.dependencies ?? {}), ...requiredPeers]) {
      if (seen.has(name)) continue;
      seen.add(name);
      pending.push(findPackage(name, dir));
    }
    // optional dependencies are often for other platforms and absent here
    for (const name of Object.keys(manifest.optionalDependencies ?? {})) seen.add(name);
  }
  return seen;
}

describe('@verbatim/plugin-sdk dependencies', () => {
  const manifest = readManifest(sdkDir);

  it('install no native speech runtime: @verbatim/asr is an optional peer (and a dev dependency for these tests)', () => {
    const closure = installClosure(sdkDir);
    expect(closure.has('@verbatim/core')).toBe(true);
    for (const name of ['@verbatim/asr', ...NATIVE]) expect(closure.has(name), name).toBe(false);
    expect(manifest.peerDependencies?.['@verbatim/asr']).toBeDefined();
    expect(manifest.peerDependenciesMeta?.['@verbatim/asr']?.optional).toBe(true);
    expect(manifest.devDependencies?.['@verbatim/asr']).toBe(manifest.peerDependencies?.['@verbatim/asr']);
  });

  it('would pull the native runtime in if @verbatim/asr were a dependency (the check above can fail)', () => {
    expect(installClosure(findPackage('@verbatim/asr', sdkDir)).has('onnxruntime-node')).toBe(true);
  });
});
