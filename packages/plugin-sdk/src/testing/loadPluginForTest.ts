import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cleanDomainText } from '../cleanDomainText.ts';
import { createPluginContext } from '../createPluginContext.ts';
import { parseManifest } from '../parseManifest.ts';
import { parseVocabularyJson, plainEntries } from '../parseVocabularyJson.ts';
import { pluginFromModule } from '../pluginFromModule.ts';
import type { Plugin } from '../Plugin.ts';
import type { PluginManifest } from '../PluginManifest.ts';
import type { PluginWord, PostProcessResult } from '../PluginWord.ts';
import { validatePostProcessResult } from '../validatePostProcessResult.ts';
import { VOCABULARY_LIMITS, validateVocabularyEntries, type VocabularyEntry } from '@verbatim/core/vocabulary';

/** Options of {@link loadPluginForTest}. */
export interface LoadPluginOptions {
  /**
   * Which module to import: `'auto'` (default) takes the source file matching `main` (`dist/index.js` →
   * `src/index.ts`) when it exists, else `main`; `'main'` always takes `main`.
   */
  entry?: 'auto' | 'main';
}

/** A plugin activated in the test's own thread, with its contributions callable by id. */
export interface PluginUnderTest {
  /** The validated manifest. */
  readonly manifest: PluginManifest;
  /** Absolute package directory. */
  readonly dir: string;
  /** The module that was imported (undefined for a plugin without `main`). */
  readonly entry: string | undefined;
  /** Every `ctx.log` message so far. */
  readonly logs: readonly { level: 'info' | 'warn'; message: string }[];
  /** A declared vocabulary's entries: read from its file, or computed by the provider `activate` registered. */
  vocabulary(id: string): Promise<VocabularyEntry[]>;
  /** A declared vocabulary's domain text, cleaned as the host cleans it (undefined when it declares none). */
  domainText(id: string): Promise<string | undefined>;
  /**
   * Runs a declared post-processor on the words and checks its result with `validatePostProcessResult`.
   *
   * @throws {Error} listing the problems when the result is malformed.
   */
  postProcess(id: string, words: readonly PluginWord[], options?: { language?: string; signal?: AbortSignal }): Promise<PostProcessResult>;
  /** Runs a declared command. */
  command(id: string, args?: unknown): Promise<unknown>;
  /** Calls `deactivate` and disposes the context. */
  dispose(): Promise<void>;
}

/**
 * Loads a plugin package the way the host does, but in the calling thread so a test can step into it: reads and
 * validates package.json, imports the entry, activates the plugin and checks that everything the manifest declares
 * was registered.
 *
 * @throws {PluginManifestError} for an invalid manifest; {@link Error} when the entry exports no plugin, `activate`
 *   throws, or a declared post-processor, command or computed vocabulary was not registered.
 * @example
 * const plugin = await loadPluginForTest(new URL('..', import.meta.url).pathname);
 * const { words, changes } = await plugin.postProcess('medical.dosage', wordsFromText('take five milligrams'));
 * await plugin.dispose();
 */
export async function loadPluginForTest(packageDir: string, options: LoadPluginOptions = {}): Promise<PluginUnderTest> {
  const dir = resolve(packageDir);
  const pkgPath = join(dir, 'package.json');
  const manifest = parseManifest(JSON.parse(await readFile(pkgPath, 'utf8')) as unknown, pkgPath);
  const logs: { level: 'info' | 'warn'; message: string }[] = [];
  const handle = createPluginContext(manifest.id, {
    info: (message) => logs.push({ level: 'info', message }),
    warn: (message) => logs.push({ level: 'warn', message }),
  });
  const { registry } = handle;
  const who = `plugin "${manifest.id}"`;

  let plugin: Plugin | undefined;
  const entry = manifest.main === undefined ? undefined : entryFile(dir, manifest.main, options.entry ?? 'auto');
  if (entry !== undefined) {
    plugin = pluginFromModule(await import(pathToFileURL(entry).href), entry);
    await plugin.activate(handle.context);
    const c = manifest.contributes;
    const missing = [
      ...c.postProcessors.filter((p) => !registry.postProcessors.has(p.id)).map((p) => `post-processor "${p.id}"`),
      ...c.commands.filter((p) => !registry.commands.has(p.id)).map((p) => `command "${p.id}"`),
      ...c.vocabularies.filter((v) => v.path === undefined && !registry.vocabularies.has(v.id)).map((v) => `vocabulary "${v.id}" (it has no path)`),
    ];
    if (missing.length > 0) {
      await handle.dispose();
      throw new Error(`${who} declares but did not register in activate: ${missing.join(', ')}`);
    }
    const declared = new Set([...c.postProcessors, ...c.commands, ...c.vocabularies].map((x) => x.id));
    for (const id of [...registry.postProcessors.keys(), ...registry.commands.keys(), ...registry.vocabularies.keys()]) {
      if (!declared.has(id)) logs.push({ level: 'warn', message: `"${id}" is registered but not declared in package.json; the host never calls it` });
    }
  }

  const declaredVocabulary = (id: string) => {
    const v = manifest.contributes.vocabularies.find((x) => x.id === id);
    if (!v) throw new Error(`${who} declares no vocabulary "${id}" (it declares ${list(manifest.contributes.vocabularies)})`);
    return v;
  };
  let disposed = false;
  const live = () => {
    if (disposed) throw new Error(`${who} was disposed`);
  };

  return {
    manifest,
    dir,
    entry,
    logs,
    async vocabulary(id) {
      live();
      const v = declaredVocabulary(id);
      if (v.path !== undefined) {
        const file = join(dir, v.path);
        const size = (await stat(file)).size;
        if (size > VOCABULARY_LIMITS.fileBytes) throw new Error(`${who}: ${v.path} has ${size} bytes, at most ${VOCABULARY_LIMITS.fileBytes} are allowed`);
        const parsed = parseVocabularyJson(await readFile(file, 'utf8'));
        if (!parsed.ok) throw new Error(`${who}: vocabulary "${id}" (${v.path}) is invalid:\n  ${parsed.problems.join('\n  ')}`);
        return parsed.entries;
      }
      const source = registry.vocabularies.get(id);
      if (source === undefined) throw new Error(`${who} did not register vocabulary "${id}"`);
      const entries: unknown = typeof source === 'function' ? await source() : source;
      const problems = validateVocabularyEntries(entries);
      if (problems.length > 0) throw new Error(`${who}: computed vocabulary "${id}" is invalid:\n  ${problems.join('\n  ')}`);
      return plainEntries(entries as VocabularyEntry[]);
    },
    async domainText(id) {
      live();
      const v = declaredVocabulary(id);
      if (v.domainText === undefined) return undefined;
      const file = join(dir, v.domainText);
      const size = (await stat(file)).size;
      if (size > VOCABULARY_LIMITS.domainTextBytes) throw new Error(`${who}: ${v.domainText} has ${size} bytes, at most ${VOCABULARY_LIMITS.domainTextBytes} are allowed`);
      return cleanDomainText(new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file)));
    },
    async postProcess(id, words, opts = {}) {
      live();
      if (!manifest.contributes.postProcessors.some((p) => p.id === id)) {
        throw new Error(`${who} declares no post-processor "${id}" (it declares ${list(manifest.contributes.postProcessors)})`);
      }
      const fn = registry.postProcessors.get(id)!;
      const input = structuredClone([...words]);
      const result = await fn(Object.freeze(input.map((w) => Object.freeze(w))), { language: opts.language ?? 'en', signal: opts.signal ?? new AbortController().signal });
      const problems = validatePostProcessResult(words, result);
      if (problems.length > 0) throw new Error(`${who}: post-processor "${id}" returned an invalid result:\n  ${problems.join('\n  ')}`);
      return result;
    },
    async command(id, args) {
      live();
      if (!manifest.contributes.commands.some((p) => p.id === id)) {
        throw new Error(`${who} declares no command "${id}" (it declares ${list(manifest.contributes.commands)})`);
      }
      return await registry.commands.get(id)!(args);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      try {
        await plugin?.deactivate?.();
      } finally {
        await handle.dispose();
      }
    },
  };
}

function entryFile(dir: string, main: string, mode: 'auto' | 'main'): string {
  const mainFile = join(dir, main);
  if (mode === 'auto' && !/\.[mc]?ts$/u.test(main)) {
    // the source under test is fresher than a build of it
    const source = join(dir, main.replace(/^(?:\.\/)?dist\//u, 'src/').replace(/\.([mc]?)js$/u, '.$1ts'));
    if (source !== mainFile && existsSync(source)) return source;
  }
  if (!existsSync(mainFile)) throw new Error(`the plugin entry ${mainFile} does not exist (build the plugin, or keep its source beside main)`);
  return mainFile;
}

function list(items: readonly { id: string }[]): string {
  return items.length === 0 ? 'none' : items.map((i) => `"${i.id}"`).join(', ');
}
