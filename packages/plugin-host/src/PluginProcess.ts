import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PluginError } from './PluginError.ts';
import type { CallRequest, FromWorker, Registered, SerializedError, ToWorker, WorkerInit } from './workerProtocol.ts';

/** Options of a {@link PluginThread}. */
export interface PluginThreadOptions {
  pluginId: string;
  entry: string;
  memoryLimitMb: number;
  activationTimeoutMs: number;
  onLog(level: 'info' | 'warn', message: string): void;
  /** The worker died on its own (not stopped by this class); called once, saying whether a call was waiting on it. */
  onDeath(error: PluginError, callsPending: boolean): void;
}

interface Pending {
  what: string;
  contributionId: string | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const ACTIVATION = 0;

/**
 * One plugin's worker thread: started with the plugin's entry and activated at once; calls carry a time limit and an
 * optional signal. Any failure that leaves the worker unusable (time limit, abort, crash, memory limit) ends it, fails
 * what is pending and makes every later call fail with the same error: the owner starts a new thread instead.
 */
export class PluginThread {
  readonly #o: PluginThreadOptions;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #nextId = 1;
  #failure: PluginError | undefined;
  #active = false;
  #deactivated: (() => void) | undefined;
  #deactivateError: PluginError | undefined;
  /** Resolves with the registered ids once `activate` has returned. */
  readonly activated: Promise<Registered>;

  constructor(options: PluginThreadOptions) {
    this.#o = options;
    const init: WorkerInit = { pluginId: options.pluginId, entry: options.entry };
    this.#worker = new Worker(workerUrl(), {
      workerData: init,
      // plugins see their own data, not the server's environment (secrets, tokens)
      env: {},
      resourceLimits: { maxOldGenerationSizeMb: options.memoryLimitMb, maxYoungGenerationSizeMb: 32 },
    });
    this.#exited = new Promise((res) => this.#worker.once('exit', () => res()));
    this.activated = new Promise<Registered>((resolve, reject) => {
      this.#pending.set(ACTIVATION, { what: 'activate', contributionId: undefined, resolve: resolve as (v: unknown) => void, reject, timer: undefined });
    });
    this.activated.catch(() => {}); // the owner awaits it; a thread stopped before activation must not leave a rejection unhandled
    const activation = this.#pending.get(ACTIVATION)!;
    activation.timer = setTimeout(
      () => this.#end(this.#error('timeout', `did not finish activating within ${options.activationTimeoutMs} ms; its worker was stopped`)),
      options.activationTimeoutMs,
    );
    this.#worker.on('message', (message: FromWorker) => this.#onMessage(message));
    this.#worker.on('error', (error: Error & { code?: string }) => {
      const e =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? this.#error('out-of-memory', `ran out of memory (limit ${options.memoryLimitMb} MB) and was stopped`)
          : this.#error('crashed', `crashed: ${error.message}`);
      this.#die(e);
    });
    this.#worker.on('exit', (code) => this.#die(this.#error('crashed', `stopped unexpectedly (exit code ${code})`)));
  }

  /** Whether the thread can no longer take calls. */
  get ended(): boolean {
    return this.#failure !== undefined;
  }

  /**
   * Runs one call in the plugin.
   *
   * @throws {PluginError} (`threw`, `not-registered`, `invalid-result`, `timeout`, `crashed`, `out-of-memory`), or the
   *   signal's reason when it aborts (the worker is then stopped).
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
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
        timer: setTimeout(() => {
          this.#end(this.#error('timeout', `${what} did not finish within ${timeoutMs} ms; its worker was stopped`, request.target));
        }, timeoutMs),
      };
      this.#pending.set(id, pending);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#worker.postMessage({ type: 'call', id, ...request } satisfies ToWorker);
    });
  }

  /** Stops the worker now (a call was cancelled: the plugin may be stuck in a loop, and only terminating stops it). */
  abort(): void {
    this.#end(this.#error('crashed', 'was stopped because a call was cancelled'));
  }

  /**
   * Deactivates the plugin (its `deactivate` and subscriptions), waiting at most `graceMs`, then terminates the
   * worker. Pending calls fail with `disposed`.
   *
   * @returns the error `deactivate` threw, if it did.
   */
  async stop(graceMs: number): Promise<PluginError | undefined> {
    if (!this.#failure) {
      const active = this.#active;
      this.#fail(this.#error('disposed', 'was stopped because the host was disposed'));
      // a plugin still activating (or stuck there) is not asked to deactivate: it is terminated
      if (active) {
        const deactivated = new Promise<void>((res) => (this.#deactivated = res));
        this.#worker.postMessage({ type: 'deactivate' } satisfies ToWorker);
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([deactivated, this.#exited, new Promise<void>((res) => (timer = setTimeout(res, graceMs)))]);
        clearTimeout(timer);
      }
    }
    await this.#worker.terminate();
    await this.#exited;
    return this.#deactivateError;
  }

  #onMessage(message: FromWorker): void {
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
    }
  }

  #settle(id: number, value: unknown, error?: PluginError): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    if (p.timer) clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve(value);
  }

  // Stop the worker on purpose: what is pending fails with `error`, and so does every later call.
  #end(error: PluginError): void {
    if (this.#failure) return;
    this.#fail(error);
    void this.#worker.terminate();
  }

  // The worker died by itself (or finished dying after #end).
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

  #error(code: PluginError['code'], text: string, contributionId?: string, cause?: SerializedError): PluginError {
    const options = { ...(contributionId === undefined ? {} : { contributionId }), ...(cause?.stack ? { cause: Object.assign(new Error(cause.message), { name: cause.name, stack: cause.stack }) } : {}) };
    return new PluginError(code, this.#o.pluginId, `Plugin "${this.#o.pluginId}" ${text}`, options);
  }
}

// From source this module is src/PluginThread.ts beside pluginWorker.ts; built, it is bundled into dist/index.js and
// the worker is dist/pluginWorker.js. Same extension as this module in both cases.
function workerUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const url = new URL(`./pluginWorker${ext}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) throw new Error(`pluginWorker${ext} not found beside ${fileURLToPath(import.meta.url)}`);
  return url;
}
