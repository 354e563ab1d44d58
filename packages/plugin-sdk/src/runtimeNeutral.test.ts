import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The main entry must run anywhere a plugin might (worker, browser, other runtimes); only testing/ may use Node.
const dir = new URL('./', import.meta.url);
const sources = readdirSync(dir, { encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'testing.ts')
  .map((name) => ({ name, code: readFileSync(new URL(name, dir), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gmu, '') }));

describe('@verbatim/plugin-sdk main entry', () => {
  it('imports only its own runtime-neutral modules and @verbatim/core/vocabulary', () => {
    expect(sources.length).toBeGreaterThan(10);
    for (const { name, code } of sources) {
      for (const [, a, b] of code.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'/gu)) {
        const specifier = a ?? b ?? '';
        // the vocabulary contract is runtime-neutral too (core's own runtimeNeutral test holds it to that)
        expect(/^\.\/[\w.-]+\.ts$/u.test(specifier) || specifier === '@verbatim/core/vocabulary', `${name} imports ${specifier}`).toBe(true);
      }
    }
  });

  it('uses no Node or DOM globals', () => {
    const hostGlobals = /\b(?:Buffer|process|require|__dirname|__filename|window|document|navigator|localStorage)\b/u;
    for (const { name, code } of sources) {
      const strings = code.replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\\n]|\\.)*"/gu, "''");
      expect(hostGlobals.exec(strings)?.[0], name).toBeUndefined();
    }
  });
});
