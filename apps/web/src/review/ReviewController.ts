import { YjsEditor } from '@slate-yjs/core';
import { Node, type Path } from 'slate';
import { wordOf } from '../editor/transcriptTypes.ts';
import { type Disposable, DisposableStore } from '../platform/Disposable.ts';
import type { TranscriptEditor } from '../transcript/createTranscriptEditor.ts';
import { type Correction, CorrectionTracker, pathsInSpan } from './CorrectionTracker.ts';
import { fixAll } from './fixAll.ts';
import { markReviewed } from './markReviewed.ts';
import { acceptRequest, correctionRequest, type ReviewRequest } from './reviewPayloads.ts';
import { type ReviewApi, ReviewRecorder, type StackItem } from './ReviewRecorder.ts';
import { watchUserEdits } from './watchUserEdits.ts';

/** What a {@link ReviewController} needs from the transcript it reviews. */
export interface ReviewControllerOptions {
  readonly api: ReviewApi;
  /** The reviewer's account id (what the review marks name). */
  readonly userId: string;
  /** Whether this user may change the text (corrections are recorded for editors and owners only). */
  canEdit(): boolean;
  /** The project's review threshold now. */
  threshold(): number;
  /** A decision was recorded, withdrawn or restored. */
  didChange(): void;
  /** Recording a decision failed. */
  didFail(message: string): void;
}

/**
 * The review side of one open transcript: notices corrections typed over flagged words (one word or several, or a
 * deletion) as the user edits, marks the words reviewed and records each decision with the undo step that made it,
 * so that undo withdraws it and redo restores it (see {@link ReviewRecorder}); accepts words; applies Fix All.
 * Undo and redo go through it: they end any correction in progress without recording it.
 */
export class ReviewController implements Disposable {
  readonly #editor: TranscriptEditor;
  readonly #options: ReviewControllerOptions;
  readonly #tracker: CorrectionTracker;
  readonly #recorder: ReviewRecorder;
  readonly #store = new DisposableStore();
  // the undo step the open correction's edits went into (its marks join it)
  #editStep: StackItem | undefined;
  #quiet = 0;
  /** The last correction recorded (what Fix All and Add to Vocabulary act on). */
  lastCorrection: Correction | undefined;

  constructor(editor: TranscriptEditor, options: ReviewControllerOptions) {
    this.#editor = editor;
    this.#options = options;
    this.#tracker = new CorrectionTracker(() => options.threshold());
    this.#recorder = this.#store.add(new ReviewRecorder(editor, options.api, { didChange: () => options.didChange(), didFail: (m) => options.didFail(m) }));
    this.#store.add(
      watchUserEdits(editor, {
        willEdit: () => {
          if (this.#quiet === 0) this.#tracker.willEdit(editor);
        },
        didEdit: () => {
          if (this.#quiet > 0) return;
          const ended = this.#tracker.didEdit(editor);
          // the edit's own undo step, for the correction's marks to join
          if (YjsEditor.connected(editor)) YjsEditor.flushLocalChanges(editor);
          if (this.#tracker.span) this.#editStep = this.#recorder.latestStep;
          if (ended) queueMicrotask(() => this.#recordCorrection(ended, undefined));
        },
      }),
    );
  }

  /** The open correction's span, if the user is correcting words now. */
  get correcting(): Readonly<{ start: number; end: number }> | undefined {
    return this.#tracker.span;
  }

  /** Resolves once every decision sent so far has been answered. */
  get settled(): Promise<void> {
    return this.#recorder.settled;
  }

  /** Call on every change of the editor: records a correction once the caret has left it. */
  onEditorChange(): void {
    const correction = this.#tracker.update(this.#editor);
    if (!correction) return;
    const step = this.#editStep;
    this.#editStep = undefined;
    queueMicrotask(() => this.#recordCorrection(correction, step));
  }

  /**
   * Accepts the word at `path` (marks it reviewed, records the decision). When the user was correcting that very
   * word, the correction is what gets recorded. Returns what was recorded.
   */
  accept(path: Path): ReviewRequest | undefined {
    const word = Node.has(this.#editor, path) ? wordOf(Node.get(this.#editor, path)) : undefined;
    if (!word) return undefined;
    const span = this.#tracker.span;
    if (span && word.start >= span.start - 1e-6 && word.end <= span.end + 1e-6) {
      const correction = this.#tracker.finish(this.#editor);
      const step = this.#editStep;
      this.#editStep = undefined;
      if (correction) return this.#recordCorrection(correction, step);
    }
    this.#tracker.reset();
    const request = acceptRequest(word);
    this.#recorder.record(() => (markReviewed(this.#editor, path, this.#options.userId) ? [request] : []));
    return request;
  }

  /** Fix All: the last correction applied to every other flagged word that reads as its before text, one undo step. */
  fixAll(): readonly ReviewRequest[] {
    const correction = this.lastCorrection;
    if (!correction || correction.after.trim() === '') return [];
    this.#tracker.reset();
    return this.#recorder.record(() => this.#quietly(() => fixAll(this.#editor, correction.before, correction.after, this.#options.threshold(), this.#options.userId)));
  }

  undo(): void {
    this.#tracker.reset();
    this.#editor.undo();
    this.#tracker.reset();
  }

  redo(): void {
    this.#tracker.reset();
    this.#editor.redo();
    this.#tracker.reset();
  }

  dispose(): void {
    this.#store.dispose();
  }

  #recordCorrection(correction: Correction, step: StackItem | undefined): ReviewRequest | undefined {
    if (!this.#options.canEdit()) return undefined;
    const request = correctionRequest(correction.before, correction.after, { start: correction.start, end: correction.end, conf: correction.conf });
    if (!request) return undefined;
    if (correction.after.trim() !== '') this.lastCorrection = correction;
    this.#recorder.record(
      () => {
        for (const path of pathsInSpan(this.#editor, correction)) markReviewed(this.#editor, path, this.#options.userId);
        return [request];
      },
      step === undefined ? {} : { join: step },
    );
    return request;
  }

  #quietly<T>(run: () => T): T {
    this.#quiet++;
    try {
      return run();
    } finally {
      this.#quiet--;
    }
  }
}
