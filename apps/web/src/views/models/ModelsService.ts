import type {
  CreateModelComparisonBody,
  InstalledModelJson,
  ModelAliasEventJson,
  ModelAliasJson,
  ModelComparisonJson,
  ModelIdentityJson,
  ModelInstallJson,
  RerunJson,
  TranscriptRevisionJson,
} from '@verbatim/core/api';
import type { ApiClient } from '../../platform/ApiClient.ts';
import { Emitter } from '../../platform/Emitter.ts';
import { findModel } from './findModel.ts';

const instances = new WeakMap<ApiClient, ModelsService>();

/** A paragraph of a kept revision (`GET /api/transcripts/:id/revisions/:revisionId`): its speaker and words. */
export interface RevisionTurn {
  speaker: string;
  start: number;
  words: { text: string; start: number; end: number; origin: string; reviewed: boolean }[];
}

/** A dialog of the Models view that a command asked for (shown by `ModelDialogHost`). */
export type ModelDialogRequest = { kind: 'retranscribe'; transcriptId: string } | { kind: 'revisions'; transcriptId: string };

/**
 * The installed models and their aliases over the REST API (`/api/models`, `/api/model-aliases`), one per API client:
 * the Models view, the transcript editor's model label and the confidence shown on words read the same list, and
 * hear of every change made here.
 */
export class ModelsService {
  readonly #api: ApiClient;
  #models: InstalledModelJson[] | undefined;
  #loading: Promise<InstalledModelJson[]> | undefined;
  // transcripts re-transcribed from this workbench since their records were read: the model that made them now
  readonly #madeBy = new Map<string, ModelIdentityJson>();
  readonly #onDidChange = new Emitter<void>();
  /** The models or the aliases changed here (or were loaded). */
  readonly onDidChange = this.#onDidChange.event;
  readonly #onDidRequestDialog = new Emitter<ModelDialogRequest>();
  /** A command asked for one of the model dialogs. */
  readonly onDidRequestDialog = this.#onDidRequestDialog.event;

  private constructor(api: ApiClient) {
    this.#api = api;
  }

  /** The service of this API client (created on first use). */
  static for(api: ApiClient): ModelsService {
    let service = instances.get(api);
    if (!service) {
      service = new ModelsService(api);
      instances.set(api, service);
    }
    return service;
  }

  /** The installed models as last loaded (undefined before the first load). */
  get models(): readonly InstalledModelJson[] | undefined {
    return this.#models;
  }

  /** Loads the installed models (once; again with `refresh`). */
  load(refresh = false): Promise<InstalledModelJson[]> {
    if (this.#loading && !refresh) return this.#loading;
    const loading = this.#api.get<{ models: InstalledModelJson[] }>('/api/models').then((answer) => {
      if (this.#loading === loading) {
        this.#models = answer.models;
        this.#onDidChange.fire();
      }
      return answer.models;
    });
    this.#loading = loading;
    // a failed load is tried again on the next call
    loading.catch(() => this.#loading === loading && (this.#loading = undefined));
    return loading;
  }

  /**
   * Whether the model that made something gives calibrated confidence: true or false when the store knows it,
   * undefined when it does not (yet, or a model from before the store).
   */
  calibrationOf(model: ModelIdentityJson | null | undefined): boolean | undefined {
    return findModel(this.#models, model)?.calibrated;
  }

  /** The installed model for an identity, when the store has it. */
  find(model: ModelIdentityJson | null | undefined): InstalledModelJson | undefined {
    return findModel(this.#models, model);
  }

  /** The model that made a transcript, when it was re-transcribed here after its record was read. */
  madeBy(transcriptId: string): ModelIdentityJson | undefined {
    return this.#madeBy.get(transcriptId);
  }

  /** A re-transcription finished: the transcript is now `model`'s output. */
  didRetranscribe(transcriptId: string, model: ModelIdentityJson): void {
    this.#madeBy.set(transcriptId, model);
    this.#onDidChange.fire();
  }

  async aliases(signal?: AbortSignal): Promise<ModelAliasJson[]> {
    return (await this.#api.get<{ aliases: ModelAliasJson[] }>('/api/model-aliases', signal)).aliases;
  }

  /** The aliases in effect for a project (its overrides, else the deployment's). */
  async projectAliases(projectId: string, signal?: AbortSignal): Promise<ModelAliasJson[]> {
    return (await this.#api.get<{ aliases: ModelAliasJson[] }>(`/api/projects/${encodeURIComponent(projectId)}/model-aliases`, signal)).aliases;
  }

  /** The alias moves, newest first (a project's own, with `projectId`). */
  async history(projectId?: string, signal?: AbortSignal): Promise<ModelAliasEventJson[]> {
    const query = projectId ? `?projectId=${encodeURIComponent(projectId)}` : '';
    return (await this.#api.get<{ events: ModelAliasEventJson[] }>(`/api/model-aliases/history${query}`, signal)).events;
  }

  /** Points an alias at a model (deployment-wide, or a project's override with `projectId`). */
  async setAlias(alias: 'default' | 'candidate', model: string | null, reason: string, projectId?: string): Promise<ModelAliasJson> {
    const path = projectId ? `/api/projects/${encodeURIComponent(projectId)}/model-aliases/${alias}` : `/api/model-aliases/${alias}`;
    return this.#changed(await this.#api.put<ModelAliasJson>(path, { model, reason }));
  }

  async promote(body: unknown): Promise<ModelAliasJson> {
    return this.#changed(await this.#api.post<ModelAliasJson>('/api/model-aliases/promote', body));
  }

  async rollback(alias: 'default' | 'candidate', reason: string, projectId?: string): Promise<ModelAliasJson> {
    return this.#changed(await this.#api.post<ModelAliasJson>(`/api/model-aliases/${alias}/rollback`, { reason, ...(projectId && { projectId }) }));
  }

  async remove(ref: string): Promise<void> {
    await this.#api.delete(`/api/models/${encodeURIComponent(ref)}`);
    this.#changed(undefined);
  }

  startInstall(body: unknown): Promise<ModelInstallJson> {
    return this.#api.post<ModelInstallJson>('/api/models/installs', body);
  }

  install(id: string, signal?: AbortSignal): Promise<ModelInstallJson> {
    return this.#api.get<ModelInstallJson>(`/api/models/installs/${encodeURIComponent(id)}`, signal);
  }

  async cancelInstall(id: string): Promise<void> {
    await this.#api.delete(`/api/models/installs/${encodeURIComponent(id)}`);
  }

  /** An install finished: the list is loaded again. */
  didInstall(): void {
    this.#changed(undefined);
  }

  async comparisons(projectId: string, signal?: AbortSignal): Promise<ModelComparisonJson[]> {
    return (await this.#api.get<{ comparisons: ModelComparisonJson[] }>(`/api/projects/${encodeURIComponent(projectId)}/model-comparisons`, signal)).comparisons;
  }

  comparison(id: string, signal?: AbortSignal): Promise<ModelComparisonJson> {
    return this.#api.get<ModelComparisonJson>(`/api/model-comparisons/${encodeURIComponent(id)}`, signal);
  }

  /** Starts a comparison; `testSplit` measures only on the recordings of the training export's test split. */
  compare(projectId: string, model: string, testSplit = false): Promise<ModelComparisonJson> {
    const body: CreateModelComparisonBody = { model, ...(testSplit && { split: 'test' as const }) };
    return this.#api.post<ModelComparisonJson>(`/api/projects/${encodeURIComponent(projectId)}/model-comparisons`, body);
  }

  async reruns(projectId: string, signal?: AbortSignal): Promise<RerunJson[]> {
    return (await this.#api.get<{ reruns: RerunJson[] }>(`/api/projects/${encodeURIComponent(projectId)}/reruns`, signal)).reruns;
  }

  rerun(projectId: string, body: unknown): Promise<RerunJson> {
    return this.#api.post<RerunJson>(`/api/projects/${encodeURIComponent(projectId)}/reruns`, body);
  }

  async revisions(transcriptId: string, signal?: AbortSignal): Promise<TranscriptRevisionJson[]> {
    return (await this.#api.get<{ revisions: TranscriptRevisionJson[] }>(`/api/transcripts/${encodeURIComponent(transcriptId)}/revisions`, signal)).revisions;
  }

  /** A kept revision's text: its turns and words as the document held them. */
  async revisionTurns(transcriptId: string, revisionId: string, signal?: AbortSignal): Promise<RevisionTurn[]> {
    const path = `/api/transcripts/${encodeURIComponent(transcriptId)}/revisions/${encodeURIComponent(revisionId)}`;
    return (await this.#api.get<{ segments: RevisionTurn[] }>(path, signal)).segments;
  }

  async restoreRevision(transcriptId: string, revisionId: string): Promise<void> {
    await this.#api.post(`/api/transcripts/${encodeURIComponent(transcriptId)}/revisions/${encodeURIComponent(revisionId)}/restore`);
  }

  /** Shows one of the model dialogs (a command's way to ask). */
  requestDialog(request: ModelDialogRequest): void {
    this.#onDidRequestDialog.fire(request);
  }

  #changed<T>(value: T): T {
    void this.load(true).catch(() => {});
    this.#onDidChange.fire();
    return value;
  }
}
