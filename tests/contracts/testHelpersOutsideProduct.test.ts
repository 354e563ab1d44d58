// Test helpers live in each workspace's test/ folder, outside src/: no production module (anything under a src/
// folder that is not a *.test.ts file) may import from a test folder or a test framework, so no entry point can
// bundle, ship or run test code.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const WORKSPACE_GROUPS = ['apps', 'packages', 'plugins'];
const TEST_FRAMEWORKS = /^(?:vitest|@vitest\/|@testing-library\/|playwright|playwright-core)(?:\/|$)/u;
const TEST_FOLDER = /(?:^|[/\\])(?:test|tests|__tests__)(?:[/\\]|$)/u;

/** Production modules of a workspace: its src/ sources without the tests beside them. */
function productionFiles(workspace: string): string[] {
  const src = join(workspace, 'src');
  if (!existsSync(src)) return [];
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(?:ts|tsx|mts)$/u.test(name) && !/\.test\.tsx?$/u.test(name) && !name.endsWith('.d.ts'))
    .map((name) => join(src, name));
}

/** What is wrong with one production module's imports: a test folder or a test framework. */
function violationsOf(file: string, code: string): string[] {
  const problems: string[] = [];
  for (const { fileName: specifier } of ts.preProcessFile(code, true, true).importedFiles) {
    if (TEST_FRAMEWORKS.test(specifier)) problems.push(`${relative(REPO, file)} imports the test framework ${specifier}`);
    if (specifier.startsWith('.') && TEST_FOLDER.test(relative(REPO, resolve(dirname(file), specifier)))) {
      problems.push(`${relative(REPO, file)} imports ${specifier}, a test folder`);
    }
  }
  return problems;
}

const workspaces = WORKSPACE_GROUPS.flatMap((group) =>
  readdirSync(join(REPO, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(REPO, group, entry.name, 'package.json')))
    .map((entry) => join(REPO, group, entry.name)),
);

describe('test helpers stay out of production modules', () => {
  it('finds an import of a test folder or framework (the check below can fail)', () => {
    const file = join(REPO, 'apps', 'server', 'src', 'http', 'example.ts');
    expect(violationsOf(file, "import { startTestServer } from '../../test/testServer.ts';\nexport const x = 1;")).toEqual([
      `apps${sep}server${sep}src${sep}http${sep}example.ts imports ../../test/testServer.ts, a test folder`,
    ]);
    expect(violationsOf(file, "const { expect } = await import('vitest');")).toHaveLength(1);
    // strings and comments are not imports
    expect(violationsOf(file, "// import '../../test/x.ts'\nconst template = \"import { it } from 'vitest';\";")).toEqual([]);
  });

  it('no module under a src/ folder (tests beside it aside) imports a test folder or a test framework', () => {
    const files = workspaces.flatMap(productionFiles);
    expect(workspaces.map((w) => relative(REPO, w))).toEqual(expect.arrayContaining(['apps/server', 'packages/asr', 'packages/plugin-host']));
    expect(files.length).toBeGreaterThan(300);
    expect(files.flatMap((file) => violationsOf(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('the moved helpers are not back under src/', () => {
    const helpers = ['testServer.ts', 'testDatabase.ts', 'mediaTestFixtures.ts', 'pluginTestFixtures.ts', 'testFixtures.ts', 'testPlugins.ts'];
    const underSrc = workspaces.flatMap(productionFiles).filter((file) => helpers.some((name) => file.endsWith(`${sep}${name}`)));
    expect(underSrc.map((file) => relative(REPO, file))).toEqual([]);
  });
});
