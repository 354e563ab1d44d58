import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Plugin ids, as `@verbatim/plugin-sdk` checks them in manifests. */
const PLUGIN_ID = /^[a-z][a-z0-9-]{1,40}$/;

/** Options of {@link scaffoldPlugin}. */
export interface ScaffoldPluginOptions {
  /** npm package name (default `verbatim-plugin-<name>`). */
  packageName?: string;
}

/**
 * Writes a working plugin package into `targetDir` (created if missing): package.json with the manifest,
 * src/index.ts (`definePlugin` with a computed vocabulary and a post-processor built on `createWordEditor`),
 * vocabulary/terms.json and vocabulary/sentences.txt, src/index.test.ts on `@verbatim/plugin-sdk/testing`,
 * tsconfig.json, tsdown.config.ts and README.md. Backs `verbatim plugin new <name>`.
 *
 * @param name the plugin id: a lower-case letter, then 1 to 40 lower-case letters, digits or hyphens.
 * @returns the absolute paths of the files written, in order.
 * @throws {Error} for an invalid name, or a target that exists and is not an empty directory (nothing is written).
 * @example
 * const files = await scaffoldPlugin('legal', 'plugins/legal');
 */
export async function scaffoldPlugin(name: string, targetDir: string, options: ScaffoldPluginOptions = {}): Promise<string[]> {
  if (typeof name !== 'string' || !PLUGIN_ID.test(name)) {
    throw new Error(`Invalid plugin name ${JSON.stringify(name)}: use a lower-case letter followed by 1 to 40 lower-case letters, digits or hyphens (e.g. "legal" or "sports-medicine").`);
  }
  const dir = resolve(targetDir);
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new Error(`Cannot create the plugin in ${dir}: it exists and is not a directory.`);
  if (info && (await readdir(dir)).length > 0) throw new Error(`Cannot create the plugin in ${dir}: the directory is not empty. Choose a new or empty directory.`);

  const files = pluginFiles(name, options.packageName ?? `verbatim-plugin-${name}`);
  const written: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    const file = join(dir, rel);
    await mkdir(dirname(file), { recursive: true });
    // 'wx': never overwrite, even if something appeared since the check above
    await writeFile(file, text, { flag: 'wx' });
    written.push(file);
  }
  return written;
}

function pluginFiles(id: string, packageName: string): Record<string, string> {
  const title = id
    .split('-')
    .filter((p) => p !== '')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join(' ');
  const manifest = {
    name: packageName,
    version: '0.1.0',
    description: `${title} plugin for Verbatim.`,
    type: 'module',
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    files: ['dist', 'vocabulary'],
    engines: { verbatim: '^1.0.0' },
    scripts: { build: 'tsdown', typecheck: 'tsc --noEmit -p .', test: 'vitest run' },
    dependencies: { '@verbatim/plugin-sdk': '^1.0.0' },
    // checkVocabulary in the generated test needs the speech runtime, an optional peer of the SDK
    devDependencies: { '@types/node': '^24.19.0', '@verbatim/asr': '^0.1.0', tsdown: '0.23.7', typescript: '6.0.3', vitest: '5.1.1' },
    verbatim: {
      id,
      displayName: title,
      description: `Vocabulary and written forms for ${title}.`,
      contributes: {
        vocabularies: [
          { id: `${id}.terms`, title: `${title} terms`, path: 'vocabulary/terms.json', domainText: 'vocabulary/sentences.txt' },
          { id: `${id}.spellings`, title: `${title} written forms` },
        ],
        postProcessors: [{ id: `${id}.spellings`, title: `${title} written forms` }],
      },
    },
  };
  return {
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'src/index.ts': indexTs(id),
    'src/index.test.ts': indexTestTs(id),
    'vocabulary/terms.json': `${JSON.stringify(TERMS, null, 2)}\n`,
    'vocabulary/sentences.txt': `${SENTENCES.join('\n')}\n`,
    'tsconfig.json': `${JSON.stringify(TSCONFIG, null, 2)}\n`,
    'tsdown.config.ts': TSDOWN_CONFIG,
    'README.md': readme(id, title, packageName),
  };
}

const TERMS = [
  { phrase: 'verbatim', displayAs: 'Verbatim' },
  { phrase: 'transcript' },
  { phrase: 'post processor', soundsLike: ['post processer'], displayAs: 'post-processor' },
];

const SENTENCES = [
  'the transcript was checked against the recording',
  'every post processor records what it changed',
  'verbatim keeps the timing of each word',
];

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2024',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2024'],
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    declaration: true,
    sourceMap: true,
    isolatedModules: true,
    verbatimModuleSyntax: true,
    erasableSyntaxOnly: true,
    rewriteRelativeImportExtensions: true,
    outDir: 'dist',
    rootDir: 'src',
  },
  include: ['src/**/*.ts'],
};

const TSDOWN_CONFIG = `import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  target: 'node24',
  // dist/index.js and dist/index.d.ts, as package.json says
  fixedExtension: false,
});
`;

function indexTs(id: string): string {
  return `import { createWordEditor, definePlugin, matchPhrase, type PostProcessor, type VocabularyEntry } from '@verbatim/plugin-sdk';

/** Spoken word sequences (as the speech model spells them) and how they are written. */
const SPELLINGS: { spoken: string[]; written: string[] }[] = [
  { spoken: ['o', 'k'], written: ['OK'] },
  { spoken: ['verbatim'], written: ['Verbatim'] },
  { spoken: ['post', 'processor'], written: ['post-processor'] },
];

/** A vocabulary computed in code: the spoken forms, shown in their written form when recognised. */
function spellingVocabulary(): VocabularyEntry[] {
  return SPELLINGS.map((s) => ({ phrase: s.spoken.join(' '), displayAs: s.written.join(' ') }));
}

/** Replaces each spoken form with its written form; words keep their timing and every change is recorded. */
const writeSpellings: PostProcessor = (words) => {
  const editor = createWordEditor(words);
  for (let i = 0; i < words.length; i++) {
    const match = SPELLINGS.find((s) => matchPhrase(words, i, s.spoken));
    if (!match) continue;
    // replace() records nothing when the words are already written that way, so running twice changes nothing
    editor.replace(i, i + match.spoken.length, match.written);
    i += match.spoken.length - 1;
  }
  return editor.result();
};

export default definePlugin({
  activate(ctx) {
    ctx.subscriptions.push(
      ctx.vocabularies.register('${id}.spellings', spellingVocabulary),
      ctx.postProcessors.register('${id}.spellings', writeSpellings),
    );
  },
});
`;
}

function indexTestTs(id: string): string {
  return `import { fileURLToPath } from 'node:url';
import { checkVocabulary, loadPluginForTest, type PluginUnderTest, wordsFromText } from '@verbatim/plugin-sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('${id} plugin', () => {
  let plugin: PluginUnderTest;
  beforeAll(async () => {
    plugin = await loadPluginForTest(packageDir);
  });
  afterAll(() => plugin.dispose());

  it('has vocabularies the bundled speech model can spell', async () => {
    for (const v of plugin.manifest.contributes.vocabularies) {
      expect(await checkVocabulary(await plugin.vocabulary(v.id)), v.id).toEqual({ ok: true, problems: [] });
    }
  });

  it('writes spoken forms, keeping the time they took and recording the change', async () => {
    const words = wordsFromText('it is o k now', { start: 0, step: 0.5 });
    const { words: out, changes } = await plugin.postProcess('${id}.spellings', words);
    expect(out.map((w) => w.text)).toEqual(['it', 'is', 'OK', 'now']);
    expect(out[2]).toMatchObject({ start: 1, end: 2 });
    expect(changes).toEqual([{ from: 2, fromEnd: 4, to: 2, toEnd: 3, before: 'o k', after: 'OK' }]);
  });

  it('changes nothing the second time, or where there is nothing to change', async () => {
    const once = await plugin.postProcess('${id}.spellings', wordsFromText('the verbatim post processor'));
    expect((await plugin.postProcess('${id}.spellings', once.words)).changes).toEqual([]);
    expect((await plugin.postProcess('${id}.spellings', wordsFromText('nothing to see here'))).changes).toEqual([]);
  });
});
`;
}

function readme(id: string, title: string, packageName: string): string {
  return `# ${packageName}

${title} plugin for Verbatim (plugin id \`${id}\`).

It contributes:
- \`${id}.terms\`: a vocabulary read from \`vocabulary/terms.json\`, with domain sentences in \`vocabulary/sentences.txt\`;
- \`${id}.spellings\`: a vocabulary computed in \`src/index.ts\`;
- \`${id}.spellings\`: a post-processor that writes spoken forms ("o k") in their written form ("OK").

\`\`\`sh
npm run build   # dist/index.js, the entry the host loads ("main")
npm test        # vitest, with the harness from @verbatim/plugin-sdk/testing
\`\`\`

See the plugin author's guide in \`@verbatim/plugin-sdk\` (its README) for the manifest, the APIs and the limits.
`;
}
