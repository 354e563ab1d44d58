import type { ApiClient } from '../../platform/ApiClient.ts';
import { Emitter } from '../../platform/Emitter.ts';
import type { NewVocabularySource, VocabularyEntryBody, VocabularyEntryJson, VocabularyProblemJson } from './vocabularyJson.ts';

const instances = new WeakMap<ApiClient, VocabularyModel>();

/**
 * The projects' vocabularies over the REST API (`/api/projects/:id/vocabulary`), one per API client so that the
 * Vocabulary view hears of entries the editor's Add to Vocabulary dialog stored.
 */
export class VocabularyModel {
  readonly #api: ApiClient;
  readonly #onDidChange = new Emitter<string>();
  /** A project's vocabulary changed here (its id). */
  readonly onDidChange = this.#onDidChange.event;

  private constructor(api: ApiClient) {
    this.#api = api;
  }

  /** The model of this API client (created on first use). */
  static for(api: ApiClient): VocabularyModel {
    let model = instances.get(api);
    if (!model) {
      model = new VocabularyModel(api);
      instances.set(api, model);
    }
    return model;
  }

  async list(projectId: string, signal?: AbortSignal): Promise<VocabularyEntryJson[]> {
    return (await this.#api.get<{ entries: VocabularyEntryJson[] }>(this.#path(projectId), signal)).entries;
  }

  /** The problems that would refuse `entries`, without storing them. */
  async check(projectId: string, entries: readonly VocabularyEntryBody[]): Promise<VocabularyProblemJson[]> {
    return (await this.#api.post<{ problems: VocabularyProblemJson[] }>(`${this.#path(projectId)}/check`, { entries })).problems;
  }

  /** Adds an entry (or changes the one with its phrase); a refusal is the server's `ApiError`, naming every problem. */
  async add(projectId: string, entry: VocabularyEntryBody, source: NewVocabularySource = { kind: 'manual' }): Promise<VocabularyEntryJson> {
    const stored = await this.#api.post<VocabularyEntryJson>(this.#path(projectId), { ...entry, source });
    this.#onDidChange.fire(projectId);
    return stored;
  }

  async remove(projectId: string, phrase: string): Promise<void> {
    await this.#api.delete(`${this.#path(projectId)}/${encodeURIComponent(phrase)}`);
    this.#onDidChange.fire(projectId);
  }

  #path(projectId: string): string {
    return `/api/projects/${encodeURIComponent(projectId)}/vocabulary`;
  }
}
