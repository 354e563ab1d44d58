import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PluginError } from './PluginError.ts';
import type { CallRequest, FromSandbox, Registered, SerializedError, ToSandbox } from './sandboxProtocol.ts';

/** Options of a {@link PluginProcess}. */
export interface PluginProcessOptions {
  pluginId: string;
  entry: string;
  /** The plugin's sandbox bundle (`bundlePlugin`). */
  code: string;
  memoryLimitMb: number;
  activationTimeoutMs: number;
  onLog(level: 'info' | 'warn', message: string): void;
  /** The sandbox died on its own (not stopped by this class); called once, saying whether a call was waiting on it. */
  onDeath(error: PluginError, callsPending: boolean): void;
}

interface Pending {
  what: string;
  contributionId: string | undefined;
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const ACTIVATION = 0;
/** The sandbox process's own V8 heap (it holds one call's words in transit); the plugin's memory is the isolate's. */
const PROCESS_HEAP_MB = 128;

/**
 * One plugin's sandbox: a child process under Node's permission model that runs the plugin's bundle in an
 * isolated-vm isolate with a memory limit, activated at once. Calls carry a time limit and an optional signal. Any
 * failure that leaves the sandbox unusable (time limit, abort, crash, memory limit) kills the process, fails what
 * is pending and makes every later call fail with the same error: the owner starts a new one instead.
 */
export class PluginProcess {
  readonly #o: PluginProcessOptions;
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #nextId = 1;
  #failure: PluginError | undefined;
  #active = false;
  #deactivated: (() => void) | undefined;
  #deactivateError: PluginError | undefined;
  /** Resolves with the registered ids once `activate` has returned. */
  readonly activated: Promise<Registered>;

  constructor(options: PluginProcessOptions) {
    this.#o = options;
    const { entry, binary } = sandboxFiles();
    this.#child = fork(entry, [binary], {
      execArgv: [
        // isolated-vm's requirement on Node >= 20
        '--no-node-snapshot',
        // the second wall: even code that escaped the isolate could read only the sandbox's own code
        '--permission',
        '--allow-addons',
        `--allow-fs-read=${dirname(entry)}`,
        `--allow-fs-read=${binary}`,
        '--disable-warning=SecurityWarning',
        `--max-old-space-size=${PROCESS_HEAP_MB}`,
      ],
      // plugins see their own data, not the server's environment (secrets, tokens)
      env: {},
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    this.#child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
    this.#exited = new Promise((res) => this.#child.once('exit', () => res()));
    this.activated = new Promise<Registered>((resolve, reject) => {
      this.#pending.set(ACTIVATION, { what: 'activate', contributionId: undefined, timeoutMs: options.activationTimeoutMs, resolve: resolve as (v: unknown) => void, reject, timer: undefined });
    });
    this.activated.catch(() => {}); // the owner awaits it; a sandbox stopped before activation must not leave a rejection unhandled
    const activation = this.#pending.get(ACTIVATION)!;
    activation.timer = setTimeout(() => this.#end(this.#timeout(activation)), options.activationTimeoutMs);
    this.#child.on('message', (message: FromSandbox) => this.#onMessage(message));
    this.#child.on('error', (error) => this.#die(this.#error('crashed', `could not be started: ${error.message}`)));
    this.#child.on('exit', (code, signal) => {
      const last = stderr.trim().split('\n').findLast((l) => /Error|error:/.test(l));
      const why = last ? `: ${last.trim()}` : '';
      this.#die(this.#error('crashed', `stopped unexpectedly (${signal ?? `exit code ${code}`})${why}`));
    });
    this.#send({ type: 'init', pluginId: options.pluginId, entry: options.entry, code: options.code, memoryLimitMb: options.memoryLimitMb, activationTimeoutMs: options.activationTimeoutMs });
  }

  /** Whether the sandbox can no longer take calls. */
  get ended(): boolean {
    return this.#failure !== undefined;
  }

  /** The sandbox's process id (for tests and diagnostics). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /**
   * Runs one call in the plugin.
   *
   * @throws {PluginError} (`threw`, `not-registered`, `invalid-result`, `timeout`, `crashed`, `out-of-memory`), or the
   *   signal's reason when it aborts (the sandbox is then stopped).
   */
  call(request: CallRequest, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.#nextId++;
    const what = request.kind === 'postProcess' ? `post-processor "${request.target}"` : `${request.kind} "${request.target}"`;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const p = this.#pending.get(id);
        this.#pending.delete(id);
        if (p?.timer) clearTimeout(p.timer);
        reject(signal!.reason);
        this.abort();
      };
      const done = () => signal?.removeEventListener('abort', onAbort);
      const pending: Pending = {
        what,
        contributionId: request.target,
        timeoutMs,
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
        timer: setTimeout(() => this.#end(this.#timeout(pending)), timeoutMs),
      };
      this.#pending.set(id, pending);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#send({ type: 'call', id, timeoutMs, ...request });
    });
  }

  /** Stops the sandbox now (a call was cancelled: the plugin may be stuck in a loop, and only killing stops it). */
  abort(): void {
    this.#end(this.#error('crashed', 'was stopped because a call was cancelled'));
  }

  /**
   * Deactivates the plugin (its `deactivate` and subscriptions), waiting at most `graceMs`, then kills the sandbox.
   * Pending calls fail with `disposed`.
   *
   * @returns the error `deactivate` threw, if it did.
   */
  async stop(graceMs: number): Promise<PluginError | undefined> {
    if (!this.#failure) {
      const active = this.#active;
      this.#fail(this.#error('disposed', 'was stopped because the host was disposed'));
      // a plugin still activating (or stuck there) is not asked to deactivate: it is killed
      if (active) {
        const deactivated = new Promise<void>((res) => (this.#deactivated = res));
        this.#send({ type: 'deactivate', timeoutMs: graceMs });
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([deactivated, this.#exited, new Promise<void>((res) => (timer = setTimeout(res, graceMs)))]);
        clearTimeout(timer);
      }
    }
    this.#kill();
    await this.#exited;
    return this.#deactivateError;
  }

  #onMessage(message: FromSandbox): void {
    switch (message.type) {
      case 'activated':
        this.#active = true;
        this.#settle(ACTIVATION, message.registered);
        return;
      case 'activate-error': {
        const error =
          message.phase === 'load'
            ? this.#error('invalid-plugin', `could not be loaded from ${this.#o.entry}: ${message.error.message}`, undefined, message.error)
            : this.#error('threw', `threw in activate: ${message.error.message}`, undefined, message.error);
        this.#end(error);
        return;
      }
      case 'result':
        this.#settle(message.id, message.value);
        return;
      case 'error': {
        const p = this.#pending.get(message.id);
        if (!p) return;
        const how = message.fault === 'threw' ? `threw in ${p.what}: ${message.error.message}` : message.error.message;
        this.#settle(message.id, undefined, this.#error(message.fault, how, p.contributionId, message.error));
        return;
      }
      case 'log':
        this.#o.onLog(message.level, message.message);
        return;
      case 'deactivated':
        if (message.error) this.#deactivateError = this.#error('threw', `threw in deactivate: ${message.error.message}`, undefined, message.error);
        this.#deactivated?.();
        return;
      case 'fatal': {
        // the sandbox exits after this; the error names the call that was running, if any
        const running = [...this.#pending.values()].at(-1);
        const error =
          message.fault === 'timeout' && running
            ? this.#timeout(running)
            : this.#error(message.fault, message.message);
        if (this.#failure) return;
        const callsPending = this.#pending.size > 0;
        this.#fail(error);
        this.#kill();
        if (!callsPending) this.#o.onDeath(error, false);
      }
    }
  }

  #send(message: ToSandbox): void {
    if (!this.#child.connected) return;
    this.#child.send(message, (error) => {
      if (error) this.#end(this.#error('crashed', `could not be reached: ${error.message}`));
    });
  }

  #settle(id: number, value: unknown, error?: PluginError): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    if (p.timer) clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve(value);
  }

  // Stop the sandbox on purpose: what is pending fails with `error`, and so does every later call.
  #end(error: PluginError): void {
    if (this.#failure) return;
    this.#fail(error);
    this.#kill();
  }

  #kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }

  // The sandbox died by itself (or finished dying after #end).
  #die(error: PluginError): void {
    if (this.#failure) {
      this.#fail(this.#failure);
      return;
    }
    const callsPending = this.#pending.size > 0;
    this.#fail(error);
    this.#o.onDeath(error, callsPending);
  }

  #fail(error: PluginError): void {
    this.#failure ??= error;
    for (const id of [...this.#pending.keys()]) this.#settle(id, undefined, this.#failure);
  }

  #timeout(p: Pending): PluginError {
    return p.what === 'activate'
      ? this.#error('timeout', `did not finish activating within ${p.timeoutMs} ms; its sandbox was stopped`)
      : this.#error('timeout', `${p.what} did not finish within ${p.timeoutMs} ms; its sandbox was stopped`, p.contributionId);
  }

  #error(code: PluginError['code'], text: string, contributionId?: string, cause?: SerializedError): PluginError {
    const options = { ...(contributionId === undefined ? {} : { contributionId }), ...(cause?.stack ? { cause: Object.assign(new Error(cause.message), { name: cause.name, stack: cause.stack }) } : {}) };
    return new PluginError(code, this.#o.pluginId, `Plugin "${this.#o.pluginId}" ${text}`, options);
  }
}

// From source this module is src/PluginProcess.ts beside pluginSandbox.ts; built, it is bundled into dist/index.js
// and the sandbox is dist/pluginSandbox.js. Same extension as this module in both cases. isolated-vm's binary is
// located here (node-gyp-build probes files the sandbox may not read) and handed to the sandbox.
let files: { entry: string; binary: string } | undefined;
function sandboxFiles(): { entry: string; binary: string } {
  if (files) return files;
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const entry = fileURLToPath(new URL(`./pluginSandbox${ext}`, import.meta.url));
  if (!existsSync(entry)) throw new Error(`pluginSandbox${ext} not found beside ${fileURLToPath(import.meta.url)}`);
  const require = createRequire(import.meta.url);
  const ivmDir = dirname(require.resolve('isolated-vm/package.json'));
  const gypBuild = createRequire(join(ivmDir, 'package.json'))('node-gyp-build') as { path(dir: string): string };
  files = { entry, binary: gypBuild.path(ivmDir) };
  return files;
}
