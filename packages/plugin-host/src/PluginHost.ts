import { plainEntries, type PluginWord, validatePostProcessResult, validateVocabularyEntries, type VocabularyContribution, type VocabularyEntry } from '@verbatim/plugin-sdk';
import { type AttributedChange, mergePostProcessResult } from './mergePostProcessResult.ts';
import type { PluginDescription, PluginProblem } from './PluginDescription.ts';
import { PluginError } from './PluginError.ts';
import type { OnPluginError, PluginHostOptions, PluginVocabulary, PostProcessOptions, PostProcessOutcome, VocabulariesOptions } from './PluginHostOptions.ts';
import { PluginProcess } from './PluginProcess.ts';
import { bundlePlugin, PluginBundleError } from './bundlePlugin.ts';
import { ContributedFileError, readDomainText, readVocabularyFile } from './readContributedFiles.ts';
import type { CallRequest } from './sandboxProtocol.ts';

/**
 * Runs plugins, each in its own sandbox started on first use (lazy activation): a V8 isolate (isolated-vm) with no
 * Node APIs and a memory limit, inside a child process under Node's permission model, with a time limit per call.
 * Plugin code can reach no file, socket, process, environment variable or host object: it gets plain data in and
 * gives plain data back. A plugin that throws, hangs, crashes or runs out of memory fails only its own call
 * (reported with its id); its next call starts a fresh sandbox. Calls to one plugin run one at a time.
 *
 * @example
 * const host = new PluginHost({ plugins, callTimeoutMs: 2000 });
 * const vocab = await host.vocabularies(['medical']);
 * const { words, changes, applied, problems } = await host.postProcess(['medical'], asrWords, { language: 'en', signal, onError: 'skip' });
 * await host.dispose();
 */
export class PluginHost {
  readonly #plugins: readonly PluginDescription[];
  readonly #byId = new Map<string, PluginDescription>();
  readonly #threads = new Map<string, PluginProcess>();
  readonly #bundles = new Map<string, Promise<string>>();
  readonly #tails = new Map<string, Promise<void>>();
  readonly #static = new Map<string, Promise<VocabularyEntry[]>>();
  readonly #callTimeoutMs: number;
  readonly #activationTimeoutMs: number;
  readonly #memoryLimitMb: number;
  readonly #deactivationTimeoutMs: number;
  readonly #onProblem: (problem: PluginProblem) => void;
  readonly #onLog: (pluginId: string, level: 'info' | 'warn', message: string) => void;
  #disposed = false;

  constructor(options: PluginHostOptions) {
    this.#callTimeoutMs = positive(options.callTimeoutMs ?? 5000, 'callTimeoutMs');
    this.#activationTimeoutMs = positive(options.activationTimeoutMs ?? 10_000, 'activationTimeoutMs');
    this.#memoryLimitMb = positive(options.memoryLimitMb ?? 256, 'memoryLimitMb');
    this.#deactivationTimeoutMs = positive(options.deactivationTimeoutMs ?? 2000, 'deactivationTimeoutMs');
    this.#onProblem = options.onProblem ?? ((p) => console.warn(p.message));
    this.#onLog = options.onLog ?? ((id, level, message) => console[level](`[plugin ${id}] ${message}`));
    for (const p of options.plugins) {
      if (this.#byId.has(p.id)) throw new TypeError(`PluginHost: plugin "${p.id}" is given twice (${this.#byId.get(p.id)!.dir} and ${p.dir})`);
      this.#byId.set(p.id, p);
    }
    this.#plugins = [...options.plugins];
  }

  /** The plugins this host may run. */
  list(): PluginDescription[] {
    return [...this.#plugins];
  }

  /** Ids of plugins whose sandbox is running (activated and not stopped). */
  get running(): string[] {
    return [...this.#threads].filter(([, t]) => !t.ended).map(([id]) => id);
  }

  /**
   * The vocabularies of the given plugins (plugin id order, then manifest order): static ones read from the package
   * (and cached), computed ones from the provider the plugin registered (activating it in its sandbox).
   *
   * @throws {PluginError} with `onError: 'fail'` (the default) for an unknown plugin or a vocabulary that cannot be
   *   had; the signal's reason when it aborts.
   */
  async vocabularies(pluginIds: readonly string[], options: VocabulariesOptions = {}): Promise<PluginVocabulary[]> {
    const { signal, onError = 'fail' } = options;
    this.#live();
    signal?.throwIfAborted();
    const out: PluginVocabulary[] = [];
    for (const id of sortedUnique(pluginIds)) {
      const desc = this.#byId.get(id);
      if (!desc) {
        this.#handle(this.#unknown(id), onError, signal, undefined);
        continue;
      }
      for (const v of desc.contributes.vocabularies) {
        try {
          const entries = v.path !== undefined ? await this.#staticEntries(desc, v, v.path) : await this.#computedEntries(desc, v, signal);
          const domainText = v.domainText === undefined ? undefined : await fileOf(desc, v, () => readDomainText(desc.dir, v.domainText!));
          out.push({ pluginId: id, version: desc.version, id: v.id, entries, ...(domainText === undefined ? {} : { domainText }) });
        } catch (error) {
          this.#handle(error, onError, signal, undefined);
        }
      }
    }
    return out;
  }

  /**
   * Runs the post-processors of the given plugins over the words: plugin id order, then each plugin's manifest
   * order. Each result is validated; words a change produced get `origin: 'plugin:<id>'`. A plugin is all or nothing:
   * when one of its post-processors fails, the words go on as they were before that plugin.
   *
   * @throws {PluginError} with `onError: 'fail'` when a plugin fails; the signal's reason when it aborts;
   *   {@link TypeError} when the input words are malformed.
   */
  async postProcess(pluginIds: readonly string[], words: readonly PluginWord[], options: PostProcessOptions = {}): Promise<PostProcessOutcome> {
    const { language = 'en', signal, onError = 'skip' } = options;
    this.#live();
    signal?.throwIfAborted();
    const bad = validatePostProcessResult(words, { words, changes: [] });
    if (bad.length > 0) throw new TypeError(`postProcess: the input words are malformed: ${bad.slice(0, 5).join('; ')}`);
    let current: PluginWord[] = words.map(plainWord);
    const changes: AttributedChange[] = [];
    const applied: { id: string; version: string }[] = [];
    const problems: PluginProblem[] = [];
    for (const id of sortedUnique(pluginIds)) {
      const desc = this.#byId.get(id);
      if (!desc) {
        this.#handle(this.#unknown(id), onError, signal, problems);
        continue;
      }
      if (desc.contributes.postProcessors.length === 0) continue;
      try {
        let mine = current;
        const made: AttributedChange[] = [];
        for (const p of desc.contributes.postProcessors) {
          const result = await this.#call(desc, { kind: 'postProcess', target: p.id, words: mine, language }, signal);
          const merged = mergePostProcessResult(mine, result, id, p.id);
          mine = merged.words;
          made.push(...merged.changes);
        }
        current = mine;
        changes.push(...made);
        applied.push({ id, version: desc.version });
      } catch (error) {
        this.#handle(error, onError, signal, problems);
      }
    }
    return { words: current, changes, applied, problems };
  }

  /**
   * Runs a command the plugin declares, with plain-data arguments; resolves with its plain-data result.
   *
   * @throws {PluginError} (`unknown-plugin`, `unknown-contribution`, `threw`, `timeout`, ...); the signal's reason.
   */
  async command(pluginId: string, commandId: string, args?: unknown, options: { signal?: AbortSignal } = {}): Promise<unknown> {
    this.#live();
    const desc = this.#byId.get(pluginId);
    if (!desc) throw this.#unknown(pluginId);
    if (!desc.contributes.commands.some((c) => c.id === commandId)) {
      throw new PluginError('unknown-contribution', pluginId, `Plugin "${pluginId}" declares no command "${commandId}"`, { contributionId: commandId });
    }
    return await this.#call(desc, { kind: 'command', target: commandId, args }, options.signal);
  }

  /** Deactivates every running plugin (each gets `deactivationTimeoutMs`) and kills every sandbox. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const threads = [...this.#threads];
    this.#threads.clear();
    await Promise.all(
      threads.map(async ([id, thread]) => {
        const error = await thread.stop(this.#deactivationTimeoutMs);
        if (error) this.#report({ pluginId: id, where: 'deactivate', message: error.message, code: error.code });
      }),
    );
  }

  async #staticEntries(desc: PluginDescription, v: VocabularyContribution, path: string): Promise<VocabularyEntry[]> {
    const key = `${desc.id}\u0000${v.id}`;
    let entries = this.#static.get(key);
    if (!entries) {
      entries = fileOf(desc, v, () => readVocabularyFile(desc.dir, path));
      this.#static.set(key, entries);
      entries.catch(() => this.#static.delete(key));
    }
    return plainEntries(await entries);
  }

  async #computedEntries(desc: PluginDescription, v: VocabularyContribution, signal: AbortSignal | undefined): Promise<VocabularyEntry[]> {
    const value = await this.#call(desc, { kind: 'vocabulary', target: v.id }, signal);
    const problems = validateVocabularyEntries(value);
    if (problems.length > 0) {
      throw new PluginError('invalid-vocabulary', desc.id, `Plugin "${desc.id}" computed an invalid vocabulary "${v.id}": ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`, { contributionId: v.id, problems });
    }
    return plainEntries(value as VocabularyEntry[]);
  }

  // One call at a time per plugin: a call's time limit then measures the plugin, not a queue.
  #call(desc: PluginDescription, request: CallRequest, signal: AbortSignal | undefined): Promise<unknown> {
    const prev = this.#tails.get(desc.id) ?? Promise.resolve();
    const run = prev.then(async () => {
      signal?.throwIfAborted();
      this.#live();
      const thread = await this.#thread(desc, signal);
      return await thread.call(request, this.#callTimeoutMs, signal);
    });
    const tail = run.then(
      () => {},
      () => {},
    );
    this.#tails.set(desc.id, tail);
    void tail.then(() => {
      if (this.#tails.get(desc.id) === tail) this.#tails.delete(desc.id);
    });
    if (!signal) return run;
    // a call still queued behind another rejects at once too
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      run.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  async #thread(desc: PluginDescription, signal: AbortSignal | undefined): Promise<PluginProcess> {
    let thread = this.#threads.get(desc.id);
    if (!thread || thread.ended) {
      if (desc.main === undefined) throw new PluginError('invalid-plugin', desc.id, `Plugin "${desc.id}" has no entry ("main") to run`);
      const code = await this.#bundle(desc, desc.main);
      signal?.throwIfAborted();
      this.#live();
      const created = new PluginProcess({
        pluginId: desc.id,
        entry: desc.main,
        code,
        memoryLimitMb: this.#memoryLimitMb,
        activationTimeoutMs: this.#activationTimeoutMs,
        onLog: (level, message) => this.#onLog(desc.id, level, message),
        onDeath: (error, callsPending) => {
          // a death during a call is that call's failure, reported by whoever made it
          if (!callsPending) this.#report({ pluginId: desc.id, where: desc.dir, message: error.message, code: error.code });
        },
      });
      this.#threads.set(desc.id, created);
      thread = created;
    }
    const onAbort = () => thread.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await thread.activated;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return thread;
  }

  // The plugin as one script for its isolate, made once per host (a restarted sandbox reuses it).
  #bundle(desc: PluginDescription, main: string): Promise<string> {
    let bundle = this.#bundles.get(desc.id);
    if (!bundle) {
      bundle = bundlePlugin({ id: desc.id, dir: desc.dir, main }).catch((error: unknown) => {
        this.#bundles.delete(desc.id);
        if (!(error instanceof PluginBundleError)) throw error;
        throw new PluginError('invalid-plugin', desc.id, `Plugin "${desc.id}" could not be loaded from ${main}: ${error.message}`, { cause: error });
      });
      this.#bundles.set(desc.id, bundle);
    }
    return bundle;
  }

  #handle(error: unknown, onError: OnPluginError, signal: AbortSignal | undefined, problems: PluginProblem[] | undefined): void {
    if (signal?.aborted) throw signal.reason;
    if (!(error instanceof PluginError) || onError === 'fail' || error.code === 'disposed') throw error;
    const problem: PluginProblem = { pluginId: error.pluginId, where: error.contributionId ?? error.pluginId, message: error.message, code: error.code };
    problems?.push(problem);
    this.#report(problem);
  }

  #report(problem: PluginProblem): void {
    try {
      this.#onProblem(problem);
    } catch {
      // a throwing listener must not take plugin calls down with it
    }
  }

  #unknown(id: string): PluginError {
    return new PluginError('unknown-plugin', id, `Plugin "${id}" is not installed or was not loaded (known: ${[...this.#byId.keys()].join(', ') || 'none'})`);
  }

  #live(): void {
    if (this.#disposed) throw new PluginError('disposed', '', 'The plugin host was disposed.');
  }
}

async function fileOf<T>(desc: PluginDescription, v: VocabularyContribution, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof ContributedFileError) && !(error instanceof Error && 'code' in error)) throw error;
    const problems = error instanceof ContributedFileError ? error.problems : [];
    throw new PluginError('invalid-vocabulary', desc.id, `Plugin "${desc.id}" vocabulary "${v.id}": ${(error as Error).message}`, { contributionId: v.id, problems, cause: error });
  }
}

function plainWord(w: PluginWord): PluginWord {
  return { text: w.text, start: w.start, end: w.end, confidence: w.confidence, ...(w.origin === undefined ? {} : { origin: w.origin }) };
}

function sortedUnique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function positive(n: number, name: string): number {
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`PluginHost: ${name} must be a positive number, got ${n}`);
  return n;
}
