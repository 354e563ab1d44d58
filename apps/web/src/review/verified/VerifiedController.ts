import type { VerifiedSpanJson, VerifiedSpansResponse } from '@verbatim/core/api';
import type { YHistoryEditor, YjsEditor } from '@slate-yjs/core';
import type { Editor, Path } from 'slate';
import type { ApiClient } from '../../platform/ApiClient.ts';
import { type Disposable, DisposableStore } from '../../platform/Disposable.ts';
import { Emitter } from '../../platform/Emitter.ts';
import { didChangeQuality } from '../../views/quality/qualityChanges.ts';
import { VerifiedRecorder } from './VerifiedRecorder.ts';
import { type VerifyScope, verifiedStretch } from './verifiedStretch.ts';

/** What a {@link VerifiedController} needs from the transcript it marks. */
export interface VerifiedControllerOptions {
  readonly api: ApiClient;
  readonly transcriptId: string;
  readonly userId: string;
  /** Whether this user may mark words (reviewers, editors and owners). */
  canReview(): boolean;
  notify(kind: 'info' | 'error', message: string): void;
}

/**
 * The verified stretches of one open transcript: the spans recorded on the server (`GET
 * /api/transcripts/:id/verified-spans`, read again after each change this user makes) for the editor's gutter, and
 * the Mark … Verified commands, which go through a {@link VerifiedRecorder} so that undo and redo remove and restore
 * them.
 */
export class VerifiedController implements Disposable {
  readonly #options: VerifiedControllerOptions;
  readonly #editor: Editor & YjsEditor & YHistoryEditor;
  readonly #recorder: VerifiedRecorder;
  readonly #store = new DisposableStore();
  #spans: readonly VerifiedSpanJson[] = [];
  #loading: AbortController | undefined;
  readonly #onDidChange = new Emitter<void>();
  /** The recorded spans changed. */
  readonly onDidChange = this.#onDidChange.event;

  constructor(editor: Editor & YjsEditor & YHistoryEditor, options: VerifiedControllerOptions) {
    this.#editor = editor;
    this.#options = options;
    const base = `/api/transcripts/${encodeURIComponent(options.transcriptId)}/verified-spans`;
    this.#recorder = this.#store.add(
      new VerifiedRecorder(
        editor,
        {
          add: (body) => options.api.post<VerifiedSpanJson>(base, body),
          remove: (id) => options.api.delete(`${base}/${id}`),
        },
        options.userId,
        {
          didChange: () => {
            void this.refresh();
            didChangeQuality(options.api);
          },
          didFail: (message) => options.notify('error', message),
        },
      ),
    );
    void this.refresh();
  }

  /** The transcript's verified spans, as last read from the server. */
  get spans(): readonly VerifiedSpanJson[] {
    return this.#spans;
  }

  /** Resolves once every mark sent so far has been answered. */
  get settled(): Promise<void> {
    return this.#recorder.settled;
  }

  /** Reads the recorded spans again. */
  async refresh(): Promise<void> {
    this.#loading?.abort();
    const abort = (this.#loading = new AbortController());
    try {
      const answer = await this.#options.api.get<VerifiedSpansResponse>(`/api/transcripts/${encodeURIComponent(this.#options.transcriptId)}/verified-spans`, abort.signal);
      if (abort.signal.aborted) return;
      this.#spans = answer.spans;
      this.#onDidChange.fire();
    } catch (error) {
      // a server without the route, or a transcript gone: no gutter, and the commands say what fails
      if (!abort.signal.aborted) console.warn(error);
    }
  }

  /** Marks the turn at the caret (else at `fallback`), the selected words or the whole transcript verified. */
  verify(scope: VerifyScope, fallback?: Path): boolean {
    if (!this.#options.canReview()) {
      this.#options.notify('error', 'Only reviewers, editors and owners can mark words verified.');
      return false;
    }
    const stretch = verifiedStretch(this.#editor, scope, fallback);
    if (typeof stretch === 'string') {
      this.#options.notify('info', stretch);
      return false;
    }
    this.#recorder.verify(stretch);
    return true;
  }

  dispose(): void {
    this.#loading?.abort();
    this.#store.dispose();
    this.#onDidChange.dispose();
  }
}
