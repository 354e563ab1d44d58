import type { ApiClient } from '../platform/ApiClient.ts';
import { type Disposable, DisposableStore } from '../platform/Disposable.ts';
import { Emitter } from '../platform/Emitter.ts';
import type { JobJson, MediaJson, ProjectJson, TranscriptJson } from './ApiJson.ts';
import { jobMediaId } from './jobPayload.ts';
import { isJobFinished, type JobWatcher } from './JobWatcher.ts';

/** What the explorer shows under one project. */
export interface ProjectContents {
  media: readonly MediaJson[];
  transcripts: readonly TranscriptJson[];
  /** The newest job of each media, by media id. */
  latestJobs: ReadonlyMap<string, JobJson>;
}

const ACTIVE_KEY = 'verbatim.activeProject';

/**
 * The caller's projects and, for those opened in the explorer, their media, transcripts and jobs; jobs that are
 * still queued or running are followed live, and a finished one reloads its project's transcripts (so a new
 * transcript appears without a reload). One project is the active one: search, review, plugins and quality show it.
 */
export class ProjectsModel implements Disposable {
  readonly #api: ApiClient;
  readonly #jobs: JobWatcher;
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  #projects: ProjectJson[] | undefined;
  #error: string | undefined;
  #activeId: string | undefined;
  #contents = new Map<string, ProjectContents>();
  // per project: the load running now, and the one queued behind it (a change seen while loading needs a fresh read)
  #loading = new Map<string, Promise<void>>();
  #queued = new Map<string, Promise<void>>();
  #watches = new Map<string, Disposable>();
  readonly #disposables = new DisposableStore();
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;

  constructor(api: ApiClient, jobs: JobWatcher, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage) {
    this.#api = api;
    this.#jobs = jobs;
    this.#storage = storage;
    this.#activeId = storage?.getItem(ACTIVE_KEY) ?? undefined;
    this.#disposables.add(jobs.onDidChangeJob((job) => this.#onJob(job)));
  }

  /** The projects, once loaded. */
  get projects(): readonly ProjectJson[] | undefined {
    return this.#projects;
  }

  /** Why loading the projects failed, if it did. */
  get error(): string | undefined {
    return this.#error;
  }

  project(projectId: string | undefined): ProjectJson | undefined {
    return this.#projects?.find((p) => p.id === projectId);
  }

  /** The active project: the one last chosen if it still exists, else the first. */
  get activeProject(): ProjectJson | undefined {
    return this.project(this.#activeId) ?? this.#projects?.[0];
  }

  setActiveProject(projectId: string): void {
    if (this.#activeId === projectId) return;
    this.#activeId = projectId;
    this.#storage?.setItem(ACTIVE_KEY, projectId);
    this.#onDidChange.fire();
  }

  contents(projectId: string): ProjectContents | undefined {
    return this.#contents.get(projectId);
  }

  async loadProjects(): Promise<void> {
    try {
      const { projects } = await this.#api.get<{ projects: ProjectJson[] }>('/api/projects');
      this.#projects = projects;
      this.#error = undefined;
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
    }
    this.#onDidChange.fire();
  }

  async createProject(name: string): Promise<ProjectJson> {
    const project = await this.#api.post<ProjectJson>('/api/projects', { name });
    this.#projects = [...(this.#projects ?? []), project];
    this.setActiveProject(project.id);
    this.#onDidChange.fire();
    return project;
  }

  async renameProject(projectId: string, name: string): Promise<void> {
    this.#replaceProject(await this.#api.patch<ProjectJson>(`/api/projects/${projectId}`, { name }));
  }

  /**
   * Deletes a project with everything in it (owners; the server refuses anyone else) and forgets it here. Returns the
   * ids of its transcripts that were known, whose tabs should close.
   */
  async deleteProject(projectId: string): Promise<string[]> {
    const gone = this.#contents.get(projectId)?.transcripts.map((t) => t.id) ?? [];
    await this.#api.delete(`/api/projects/${projectId}`);
    this.#projects = this.#projects?.filter((p) => p.id !== projectId);
    this.#contents.delete(projectId);
    this.#onDidChange.fire();
    return gone;
  }

  /** Deletes a recording and the transcripts made from it (owners). Returns those transcripts' ids. */
  async deleteMedia(projectId: string, mediaId: string): Promise<string[]> {
    const contents = this.#contents.get(projectId);
    const gone = contents?.transcripts.filter((t) => t.mediaId === mediaId).map((t) => t.id) ?? [];
    await this.#api.delete(`/api/media/${mediaId}`);
    this.#dropFromContents(projectId, (m) => m.id !== mediaId, (t) => t.mediaId !== mediaId);
    return gone;
  }

  /** Deletes one transcript (owners); its recording stays. */
  async deleteTranscript(projectId: string, transcriptId: string): Promise<void> {
    await this.#api.delete(`/api/transcripts/${transcriptId}`);
    this.#dropFromContents(projectId, () => true, (t) => t.id !== transcriptId);
  }

  /** Reads a project again (after a change elsewhere, e.g. the review threshold). */
  async reloadProject(projectId: string): Promise<void> {
    this.#replaceProject(await this.#api.get<ProjectJson>(`/api/projects/${projectId}`));
  }

  /**
   * Loads (or reloads) a project's media, transcripts and jobs. A call during a load waits for it and reads again
   * once after it (calls meanwhile share that second read), so nothing that changed during the first is missed.
   */
  loadContents(projectId: string): Promise<void> {
    const running = this.#loading.get(projectId);
    if (!running) {
      const load = this.#load(projectId).finally(() => this.#loading.delete(projectId));
      this.#loading.set(projectId, load);
      return load;
    }
    const queued = this.#queued.get(projectId);
    if (queued) return queued;
    const next = running
      .catch(() => {})
      .then(() => {
        this.#queued.delete(projectId);
        return this.loadContents(projectId);
      });
    this.#queued.set(projectId, next);
    return next;
  }

  /** The transcript with this id among the loaded projects, and its media. */
  findTranscript(transcriptId: string): { transcript: TranscriptJson; media: MediaJson | undefined } | undefined {
    for (const contents of this.#contents.values()) {
      const transcript = contents.transcripts.find((t) => t.id === transcriptId);
      if (transcript) return { transcript, media: contents.media.find((m) => m.id === transcript.mediaId) };
    }
    return undefined;
  }

  /** A tab title for a transcript: its recording's file name once known. */
  titleOf(transcriptId: string): string {
    return this.findTranscript(transcriptId)?.media?.name ?? `Transcript ${transcriptId.slice(0, 8)}`;
  }

  /** Records a job started here (an upload's transcription) and follows it. */
  trackJob(job: JobJson): void {
    this.#onJob(job);
  }

  async #load(projectId: string): Promise<void> {
    const base = `/api/projects/${projectId}`;
    const [media, transcripts, jobs] = await Promise.all([
      this.#api.get<{ media: MediaJson[] }>(`${base}/media`),
      this.#api.get<{ transcripts: TranscriptJson[] }>(`${base}/transcripts`),
      this.#api.get<{ jobs: JobJson[] }>(`${base}/jobs?limit=200`),
    ]);
    const latestJobs = new Map<string, JobJson>();
    // newest first: the first job seen for a media is its latest
    for (const job of jobs.jobs) {
      const mediaId = jobMediaId(job);
      if (mediaId && !latestJobs.has(mediaId)) latestJobs.set(mediaId, job);
    }
    this.#contents.set(projectId, { media: media.media, transcripts: transcripts.transcripts, latestJobs });
    for (const job of latestJobs.values()) this.#follow(job);
    this.#onDidChange.fire();
  }

  #follow(job: JobJson): void {
    if (isJobFinished(job) || this.#watches.has(job.id)) return;
    this.#watches.set(job.id, this.#jobs.watch(job));
  }

  #onJob(job: JobJson): void {
    const contents = this.#contents.get(job.projectId);
    const mediaId = jobMediaId(job);
    if (contents && mediaId) {
      const latest = new Map(contents.latestJobs);
      const known = latest.get(mediaId);
      if (!known || known.id === job.id || known.createdAt <= job.createdAt) latest.set(mediaId, job);
      this.#contents.set(job.projectId, { ...contents, latestJobs: latest });
    }
    if (isJobFinished(job)) {
      this.#watches.get(job.id)?.dispose();
      this.#watches.delete(job.id);
      // the new transcript (and anything else that changed meanwhile)
      if (contents) void this.loadContents(job.projectId).catch(() => {});
    } else {
      this.#follow(job);
    }
    this.#onDidChange.fire();
  }

  #dropFromContents(projectId: string, keepMedia: (m: MediaJson) => boolean, keepTranscript: (t: TranscriptJson) => boolean): void {
    const contents = this.#contents.get(projectId);
    if (contents) this.#contents.set(projectId, { ...contents, media: contents.media.filter(keepMedia), transcripts: contents.transcripts.filter(keepTranscript) });
    this.#onDidChange.fire();
    // anything else that changed meanwhile
    void this.loadContents(projectId).catch(() => {});
  }

  #replaceProject(project: ProjectJson): void {
    this.#projects = (this.#projects ?? []).map((p) => (p.id === project.id ? project : p));
    this.#onDidChange.fire();
  }

  dispose(): void {
    for (const watch of this.#watches.values()) watch.dispose();
    this.#watches.clear();
    this.#disposables.dispose();
    this.#onDidChange.dispose();
  }
}
