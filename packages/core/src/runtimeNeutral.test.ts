import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// tsc cannot guard this: vitest's and docx's type definitions pull Node's globals into the program.
const dir = new URL('./', import.meta.url);
const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .map((name) => ({ name, code: readFileSync(new URL(name, dir), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gmu, '') }));

describe('@verbatim/core sources', () => {
  it('import only each other, docx, yjs and zod', () => {
    expect(sources.length).toBeGreaterThan(10);
    for (const { name, code } of sources) {
      for (const [, specifier] of code.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'/gu)) {
        expect(['docx', 'yjs', 'zod'].includes(specifier ?? '') || /^\.\.?\/[\w./-]+\.ts$/u.test(specifier ?? ''), `${name} imports ${specifier}`).toBe(true);
      }
    }
  });

  it('use no Node or DOM globals', () => {
    const hostGlobals = /\b(?:Buffer|process|require|__dirname|__filename|window|document|navigator|localStorage)\b/u;
    for (const { name, code } of sources) {
      const strings = code.replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/gu, "''");
      expect(hostGlobals.exec(strings)?.[0], name).toBeUndefined();
    }
  });
});
