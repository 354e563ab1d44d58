import type { ApiClient } from '../platform/ApiClient.ts';
import { type Disposable, DisposableStore } from '../platform/Disposable.ts';
import { Emitter } from '../platform/Emitter.ts';
import type { JobJson, JobState, MediaJson } from './ApiJson.ts';
import { jobTranscriptId } from './jobPayload.ts';
import type { JobWatcher } from './JobWatcher.ts';
import type { ProjectsModel } from './ProjectsModel.ts';
import { uploadFile } from './uploadFile.ts';

/** Where one dropped file is: sending, then its transcription job's state. */
export type UploadState = 'uploading' | 'queued' | 'running' | 'succeeded' | 'failed';

/** One file of an upload, as the explorer's upload rows show it. */
export interface UploadItem {
  id: number;
  projectId: string;
  fileName: string;
  bytes: number;
  state: UploadState;
  /** 0..1: bytes sent while uploading, then the job's progress. */
  progress: number;
  /** The server's message when it failed. */
  error?: string;
  mediaId?: string;
  jobId?: string;
  transcriptId?: string;
}

// a few at a time: many parallel uploads only split the same bandwidth and hold more server temp files
const PARALLEL_UPLOADS = 3;

/**
 * Uploads many files, one request per file (so each has its own progress and its own error), then queues a
 * transcription job for each and follows it live until the transcript exists.
 */
export class UploadService implements Disposable {
  readonly #api: ApiClient;
  readonly #jobs: JobWatcher;
  readonly #projects: ProjectsModel;
  #items: UploadItem[] = [];
  #next = 1;
  #waiting: { item: UploadItem; file: File }[] = [];
  #running = 0;
  readonly #abort = new AbortController();
  readonly #disposables = new DisposableStore();
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;

  constructor(api: ApiClient, jobs: JobWatcher, projects: ProjectsModel) {
    this.#api = api;
    this.#jobs = jobs;
    this.#projects = projects;
    this.#disposables.add(jobs.onDidChangeJob((job) => this.#onJob(job)));
  }

  /** The uploads of a project (or all), oldest first. */
  items(projectId?: string): readonly UploadItem[] {
    return projectId === undefined ? this.#items : this.#items.filter((i) => i.projectId === projectId);
  }

  /** Files still being sent. */
  get uploading(): number {
    return this.#items.filter((i) => i.state === 'uploading').length;
  }

  /** Uploads files to a project and transcribes each. */
  upload(projectId: string, files: Iterable<File>): void {
    for (const file of files) {
      const item: UploadItem = { id: this.#next++, projectId, fileName: file.name, bytes: file.size, state: 'uploading', progress: 0 };
      this.#items = [...this.#items, item];
      this.#waiting.push({ item, file });
    }
    this.#onDidChange.fire();
    this.#pump();
  }

  /** Removes finished rows (succeeded or failed) of a project. */
  clearFinished(projectId: string): void {
    this.#items = this.#items.filter((i) => i.projectId !== projectId || (i.state !== 'succeeded' && i.state !== 'failed'));
    this.#onDidChange.fire();
  }

  #pump(): void {
    while (this.#running < PARALLEL_UPLOADS && this.#waiting.length > 0) {
      const next = this.#waiting.shift()!;
      this.#running++;
      void this.#send(next.item, next.file).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  async #send(item: UploadItem, file: File): Promise<void> {
    const signal = this.#abort.signal;
    let media: MediaJson;
    try {
      const answer = await uploadFile<{ media: MediaJson[] }>(`/api/projects/${item.projectId}/media`, file, {
        csrfToken: this.#api.csrfToken,
        signal,
        onProgress: (loaded, total) => this.#patch(item.id, { progress: total > 0 ? loaded / total : 0 }),
      });
      media = answer.media[0]!;
    } catch (error) {
      if (!signal.aborted) this.#patch(item.id, { state: 'failed', error: messageOf(error) });
      return;
    }
    this.#patch(item.id, { mediaId: media.id, progress: 0, state: 'queued' });
    void this.#projects.loadContents(item.projectId).catch(() => {});
    try {
      const job = await this.#api.post<JobJson>(`/api/projects/${item.projectId}/jobs`, { mediaId: media.id }, signal);
      this.#patch(item.id, { jobId: job.id });
      this.#onJob(job);
      this.#projects.trackJob(job);
    } catch (error) {
      if (!signal.aborted) this.#patch(item.id, { state: 'failed', error: `Uploaded, but the transcription could not start: ${messageOf(error)}` });
    }
  }

  #onJob(job: JobJson): void {
    const item = this.#items.find((i) => i.jobId === job.id);
    if (!item) return;
    const transcriptId = jobTranscriptId(job);
    this.#patch(item.id, {
      state: uploadStateOf(job.state),
      progress: job.state === 'succeeded' ? 1 : job.progress,
      ...(job.state === 'failed' ? { error: job.error ?? 'The transcription failed.' } : {}),
      ...(job.state === 'cancelled' ? { error: 'The transcription was cancelled.' } : {}),
      ...(transcriptId === undefined ? {} : { transcriptId }),
    });
  }

  #patch(id: number, change: Partial<UploadItem>): void {
    this.#items = this.#items.map((i) => (i.id === id ? { ...i, ...change } : i));
    this.#onDidChange.fire();
  }

  dispose(): void {
    this.#abort.abort(new DOMException('The workbench closed.', 'AbortError'));
    this.#waiting = [];
    this.#disposables.dispose();
    this.#onDidChange.dispose();
  }
}

function uploadStateOf(state: JobState): UploadState {
  return state === 'cancelled' ? 'failed' : state;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
