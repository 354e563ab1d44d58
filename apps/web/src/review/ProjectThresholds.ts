import type { ApiClient } from '../platform/ApiClient.ts';
import { type Disposable, toDisposable } from '../platform/Disposable.ts';
import { Emitter } from '../platform/Emitter.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '@verbatim/core';

/** Options of {@link ProjectThresholds}. */
export interface ProjectThresholdsOptions {
  /** How often a watched project's threshold is read again, in ms (default 10 s). */
  refreshMs?: number;
  /** Where the window's focus and the page's visibility are heard (default the page's window, if any). */
  target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

const REFRESH_MS = 10_000;

/**
 * The review threshold of each project, shared by its open transcripts, the Review view and the status bar:
 * initial value from the project JSON (`reviewThreshold`, default 0.6); a change shows at once and is saved with
 * `PATCH /api/projects/:id {reviewThreshold}` shortly after the slider stops. While a project is watched (a
 * transcript of it is open) its threshold is read again now and then and when the window gets the focus back, so a
 * change someone else saved reaches the open tabs; a change of one's own that is not saved yet is never overwritten.
 */
export class ProjectThresholds implements Disposable {
  readonly #api: ApiClient;
  readonly #values = new Map<string, number>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  // per project: local changes so far (a read that started before the last one is stale), saves in flight, and
  // values set only for this view (not saved: a read never replaces them)
  readonly #versions = new Map<string, number>();
  readonly #saving = new Map<string, number>();
  readonly #localOnly = new Set<string>();
  readonly #watched = new Map<string, number>();
  readonly #refreshMs: number;
  readonly #target: ProjectThresholdsOptions['target'];
  #interval: ReturnType<typeof setInterval> | undefined;
  readonly #onDidChange = new Emitter<string>();
  /** Fires with the project id whose threshold changed. */
  readonly onDidChange = this.#onDidChange.event;
  readonly #onError: (message: string) => void;

  constructor(api: ApiClient, onError: (message: string) => void = () => {}, options: ProjectThresholdsOptions = {}) {
    this.#api = api;
    this.#onError = onError;
    this.#refreshMs = options.refreshMs ?? REFRESH_MS;
    this.#target = options.target ?? (typeof window === 'undefined' ? undefined : window);
  }

  get(projectId: string): number {
    return this.#values.get(projectId) ?? DEFAULT_REVIEW_THRESHOLD;
  }

  /** Takes the value from a freshly read project unless there is one already (a later read goes through {@link refresh}). */
  seed(projectId: string, value: number | undefined): void {
    if (this.#values.has(projectId) || this.#timers.has(projectId)) return;
    this.#accept(projectId, value);
  }

  /** Sets the threshold now and saves it when `persist` (the caller may change the project) after 400 ms. */
  set(projectId: string, value: number, persist: boolean): void {
    const v = Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
    if (this.#values.get(projectId) === v) return;
    this.#values.set(projectId, v);
    this.#versions.set(projectId, (this.#versions.get(projectId) ?? 0) + 1);
    this.#onDidChange.fire(projectId);
    if (!persist) {
      this.#localOnly.add(projectId);
      return;
    }
    this.#localOnly.delete(projectId);
    clearTimeout(this.#timers.get(projectId));
    this.#timers.set(
      projectId,
      setTimeout(() => {
        this.#timers.delete(projectId);
        void this.#save(projectId);
      }, 400),
    );
  }

  /** Reads the project's threshold from the server and takes it, unless a change made here since is not saved yet. */
  async refresh(projectId: string): Promise<void> {
    if (this.#busy(projectId)) return;
    const version = this.#versions.get(projectId) ?? 0;
    let value: number | undefined;
    try {
      value = (await this.#api.get<{ reviewThreshold?: number }>(`/api/projects/${encodeURIComponent(projectId)}`)).reviewThreshold;
    } catch {
      // offline or gone: keep what is shown; the next read may work
      return;
    }
    if (this.#busy(projectId) || (this.#versions.get(projectId) ?? 0) !== version) return;
    this.#accept(projectId, value);
  }

  /** Keeps the project's threshold fresh (read now, then now and then) until the returned disposable is disposed. */
  watch(projectId: string): Disposable {
    this.#watched.set(projectId, (this.#watched.get(projectId) ?? 0) + 1);
    if (this.#watched.size === 1 && this.#watched.get(projectId) === 1) this.#startRefreshing();
    void this.refresh(projectId);
    return toDisposable(() => {
      const left = (this.#watched.get(projectId) ?? 1) - 1;
      if (left > 0) this.#watched.set(projectId, left);
      else this.#watched.delete(projectId);
      if (this.#watched.size === 0) this.#stopRefreshing();
    });
  }

  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#watched.clear();
    this.#stopRefreshing();
    this.#onDidChange.dispose();
  }

  #busy(projectId: string): boolean {
    return this.#localOnly.has(projectId) || this.#timers.has(projectId) || (this.#saving.get(projectId) ?? 0) > 0;
  }

  #accept(projectId: string, value: number | undefined): void {
    const v = typeof value === 'number' && value >= 0 && value <= 1 ? value : DEFAULT_REVIEW_THRESHOLD;
    if (this.#values.get(projectId) === v) return;
    this.#values.set(projectId, v);
    this.#onDidChange.fire(projectId);
  }

  async #save(projectId: string): Promise<void> {
    this.#saving.set(projectId, (this.#saving.get(projectId) ?? 0) + 1);
    try {
      await this.#api.patch(`/api/projects/${encodeURIComponent(projectId)}`, { reviewThreshold: this.get(projectId) });
    } catch (error) {
      this.#onError(`The review threshold could not be saved: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.#saving.set(projectId, (this.#saving.get(projectId) ?? 1) - 1);
    }
  }

  readonly #refreshAll = () => {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    for (const projectId of this.#watched.keys()) void this.refresh(projectId);
  };

  #startRefreshing(): void {
    this.#interval = setInterval(this.#refreshAll, this.#refreshMs);
    this.#target?.addEventListener('focus', this.#refreshAll);
    this.#target?.addEventListener('visibilitychange', this.#refreshAll);
  }

  #stopRefreshing(): void {
    clearInterval(this.#interval);
    this.#interval = undefined;
    this.#target?.removeEventListener('focus', this.#refreshAll);
    this.#target?.removeEventListener('visibilitychange', this.#refreshAll);
  }
}
