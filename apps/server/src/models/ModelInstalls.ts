import type { ModelInstallJson } from '@verbatim/core/api';
import type { InstalledModel, ModelInstallProgress } from './InstalledModel.ts';
import type { ModelRegistry } from './ModelRegistry.ts';

/** What to install: an https (or, for tests, http) URL whose download must hash to `sha256`. */
export interface ModelInstallRequest {
  readonly url: string;
  readonly sha256: string;
  readonly id?: string | undefined;
  readonly version?: string | undefined;
  /** The user id that asked. */
  readonly by: string;
}

/** An install in progress or done, as {@link ModelInstalls} keeps it. */
export interface ModelInstall {
  readonly id: string;
  state: ModelInstallJson['state'];
  readonly source: string;
  receivedBytes: number;
  totalBytes: number | null;
  error: string | null;
  model: InstalledModel | null;
  readonly startedAt: number;
  finishedAt: number | null;
  readonly by: string;
  /** Settles when the install ends, whatever its outcome (never rejects). */
  readonly done: Promise<void>;
}

/** Options of {@link ModelInstalls}. */
export interface ModelInstallsOptions {
  readonly registry: ModelRegistry;
  readonly now?: () => number;
  /** Largest download accepted (default: the store's). */
  readonly maxBytes?: number;
  /** A download that stalls this long fails (default: the store's). */
  readonly timeoutMs?: number;
  /** Accept http:// URLs (tests against a local server); otherwise https only. */
  readonly allowHttp?: boolean;
  /** Finished installs remembered for `get` (default 50; the oldest are forgotten first). */
  readonly keep?: number;
}

/** Why an install could not start. */
export class ModelInstallBusyError extends Error {
  override readonly name = 'ModelInstallBusyError';
  readonly code = 'install-running';
  readonly running: ModelInstall;

  constructor(running: ModelInstall) {
    super(`Another model install is running (${running.id}, from ${running.source}); wait for it or cancel it.`);
    this.running = running;
  }
}

/**
 * Installs from URLs that the admin API starts, one at a time, in memory: each install's progress (from the store's
 * `onProgress`), its outcome (the installed model, or the store's error naming the file and the problem) and a
 * cancel (through an AbortController; the store leaves nothing half-installed). The table is this process's: a
 * restart forgets it, while what finished installing stays in the store.
 */
export class ModelInstalls {
  readonly #registry: ModelRegistry;
  readonly #now: () => number;
  readonly #options: ModelInstallsOptions;
  readonly #installs = new Map<string, ModelInstall>();
  readonly #controllers = new Map<string, AbortController>();

  constructor(options: ModelInstallsOptions) {
    this.#registry = options.registry;
    this.#now = options.now ?? Date.now;
    this.#options = options;
  }

  /** Starts installing; throws {@link ModelInstallBusyError} while another install runs. */
  start(request: ModelInstallRequest): ModelInstall {
    const running = [...this.#installs.values()].find((i) => i.finishedAt === null);
    if (running !== undefined) throw new ModelInstallBusyError(running);
    const controller = new AbortController();
    const id = crypto.randomUUID();
    let finish!: () => void;
    const install: ModelInstall = {
      id,
      state: 'downloading',
      source: withoutCredentials(request.url),
      receivedBytes: 0,
      totalBytes: null,
      error: null,
      model: null,
      startedAt: this.#now(),
      finishedAt: null,
      by: request.by,
      done: new Promise<void>((resolve) => (finish = resolve)),
    };
    this.#installs.set(id, install);
    this.#controllers.set(id, controller);
    const onProgress = (progress: ModelInstallProgress): void => {
      if (install.finishedAt !== null) return;
      install.state = progress.phase === 'download' ? 'downloading' : 'verifying';
      if (progress.phase === 'download') {
        install.receivedBytes = progress.receivedBytes;
        install.totalBytes = progress.totalBytes ?? null;
      }
    };
    this.#registry.store
      .install(request.url, {
        sha256: request.sha256.toLowerCase(),
        installedBy: request.by,
        signal: controller.signal,
        onProgress,
        ...(request.id === undefined ? {} : { id: request.id }),
        ...(request.version === undefined ? {} : { version: request.version }),
        ...(this.#options.maxBytes === undefined ? {} : { maxBytes: this.#options.maxBytes }),
        ...(this.#options.timeoutMs === undefined ? {} : { timeoutMs: this.#options.timeoutMs }),
        ...(this.#options.allowHttp === true ? { allowHttp: true } : {}),
      })
      .then(
        (model) => {
          install.state = 'installed';
          install.model = model;
        },
        (error: unknown) => {
          install.state = controller.signal.aborted ? 'cancelled' : 'failed';
          install.error = controller.signal.aborted ? 'The install was cancelled.' : messageOf(error);
        },
      )
      .finally(() => {
        install.finishedAt = this.#now();
        this.#controllers.delete(id);
        this.#forgetOld();
        finish();
      });
    return install;
  }

  /** The install `id`, running or finished (while remembered). */
  get(id: string): ModelInstall | undefined {
    return this.#installs.get(id);
  }

  /** Cancels a running install (it ends `cancelled`, the store as it was); a finished one is left as it is. */
  cancel(id: string): ModelInstall | undefined {
    const install = this.#installs.get(id);
    this.#controllers.get(id)?.abort(new Error('The install was cancelled.'));
    return install;
  }

  /** Cancels every running install and waits for them to end (server shutdown). */
  async dispose(): Promise<void> {
    const running = [...this.#installs.values()].filter((i) => i.finishedAt === null);
    for (const controller of this.#controllers.values()) controller.abort(new Error('The server is shutting down.'));
    await Promise.all(running.map((i) => i.done));
  }

  #forgetOld(): void {
    const finished = [...this.#installs.values()].filter((i) => i.finishedAt !== null);
    for (const old of finished.slice(0, Math.max(0, finished.length - (this.#options.keep ?? 50)))) this.#installs.delete(old.id);
  }
}

// what is shown and kept of a URL: never its user name or password
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
