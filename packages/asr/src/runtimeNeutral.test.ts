import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// `@verbatim/asr` must load wherever the runtime-neutral half may run (a browser, a worker, another runtime);
// `@verbatim/asr/node` carries files, onnxruntime-node, worker threads and ffmpeg. tsc cannot guard this: the
// package's tsconfig has Node's types for the node entry.
const src = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(src, '../package.json'), 'utf8')) as { dependencies: Record<string, string> };
const NODE_ONLY_PACKAGES = new Set(['onnxruntime-node', 'onnxruntime-common', 'sherpa-onnx-node']);

function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gmu, '');
}

// TypeScript's own scanner: static imports and re-exports, side-effect and dynamic imports, never a string or comment
function specifiersOf(code: string): string[] {
  return ts.preProcessFile(code, true, true).importedFiles.map((file) => file.fileName);
}

/** Every source file reachable from `entry` through relative imports, and the bare specifiers they import. */
function moduleGraph(entry: string): { files: Map<string, string>; bare: Map<string, string[]> } {
  const files = new Map<string, string>();
  const bare = new Map<string, string[]>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    const code = readFileSync(file, 'utf8');
    files.set(file, code);
    for (const specifier of specifiersOf(code)) {
      if (specifier.startsWith('.')) pending.push(join(dirname(file), specifier));
      else bare.set(specifier, [...(bare.get(specifier) ?? []), relative(src, file)]);
    }
  }
  return { files, bare };
}

describe('@verbatim/asr (the runtime-neutral entry)', () => {
  const neutral = moduleGraph(join(src, 'index.ts'));

  it('reaches no node: module, no onnxruntime binding and nothing under src/node/', () => {
    expect(neutral.files.size).toBeGreaterThan(40);
    for (const [specifier, importers] of neutral.bare) {
      expect(specifier.startsWith('node:') || NODE_ONLY_PACKAGES.has(specifier), `${importers.join(', ')} import ${specifier}`).toBe(false);
      // a bare import must be a declared dependency, so a Node built-in written without `node:` fails here too
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      expect(Object.keys(pkg.dependencies), `${importers.join(', ')} import ${specifier}`).toContain(name);
    }
    for (const file of neutral.files.keys()) expect(relative(src, file), 'a Node-only module').not.toMatch(/^node[/\\]/u);
  });

  it('uses no Node globals', () => {
    // the globals as used, not a method such as `Resampler.process()`
    const nodeGlobals = /(?<![.\w$])(?:Buffer\b|process\s*\.|require\s*\(|__dirname\b|__filename\b)/u;
    for (const [file, code] of neutral.files) {
      const withoutStrings = withoutComments(code).replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/gu, "''");
      expect(nodeGlobals.exec(withoutStrings)?.[0], relative(src, file)).toBeUndefined();
    }
  });

  it('is where the node entry gets the contracts it implements (the node entry exports nothing neutral)', () => {
    const nodeEntry = readFileSync(join(src, 'node.ts'), 'utf8');
    const neutralEntry = readFileSync(join(src, 'index.ts'), 'utf8');
    expect(specifiersOf(nodeEntry).every((s) => s.startsWith('./node/')), 'node.ts re-exports only src/node/').toBe(true);
    expect(specifiersOf(neutralEntry).some((s) => s.startsWith('./node/')), 'index.ts re-exports from src/node/').toBe(false);
    const graph = moduleGraph(join(src, 'node.ts'));
    expect([...graph.bare.keys()]).toContain('onnxruntime-node');
  });
});
