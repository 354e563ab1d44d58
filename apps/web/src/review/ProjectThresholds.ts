import type { ApiClient } from '../platform/ApiClient.ts';
import type { Disposable } from '../platform/Disposable.ts';
import { Emitter } from '../platform/Emitter.ts';
import { DEFAULT_REVIEW_THRESHOLD } from './isFlagged.ts';

/**
 * The review threshold of each project, shared by its open transcripts, the Review view and the status bar:
 * initial value from the project JSON (`reviewThreshold`, default 0.6); a change shows at once and is saved with
 * `PATCH /api/projects/:id {reviewThreshold}` shortly after the slider stops (owners and editors; for others it
 * only changes their own view).
 */
export class ProjectThresholds implements Disposable {
  readonly #api: ApiClient;
  readonly #values = new Map<string, number>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #onDidChange = new Emitter<string>();
  /** Fires with the project id whose threshold changed. */
  readonly onDidChange = this.#onDidChange.event;
  readonly #onError: (message: string) => void;

  constructor(api: ApiClient, onError: (message: string) => void = () => {}) {
    this.#api = api;
    this.#onError = onError;
  }

  get(projectId: string): number {
    return this.#values.get(projectId) ?? DEFAULT_REVIEW_THRESHOLD;
  }

  /** Takes the value from a freshly read project unless the user already moved it. */
  seed(projectId: string, value: number | undefined): void {
    if (this.#values.has(projectId) || this.#timers.has(projectId)) return;
    const v = typeof value === 'number' && value >= 0 && value <= 1 ? value : DEFAULT_REVIEW_THRESHOLD;
    this.#values.set(projectId, v);
    this.#onDidChange.fire(projectId);
  }

  /** Sets the threshold now and saves it when `persist` (the caller may change the project) after 400 ms. */
  set(projectId: string, value: number, persist: boolean): void {
    const v = Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
    if (this.#values.get(projectId) === v) return;
    this.#values.set(projectId, v);
    this.#onDidChange.fire(projectId);
    if (!persist) return;
    clearTimeout(this.#timers.get(projectId));
    this.#timers.set(
      projectId,
      setTimeout(() => {
        this.#timers.delete(projectId);
        this.#api.patch(`/api/projects/${encodeURIComponent(projectId)}`, { reviewThreshold: this.get(projectId) }).catch((error: unknown) => {
          this.#onError(`The review threshold could not be saved: ${error instanceof Error ? error.message : String(error)}`);
        });
      }, 400),
    );
  }

  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#onDidChange.dispose();
  }
}
