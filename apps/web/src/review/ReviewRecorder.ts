import { type YHistoryEditor, YjsEditor } from '@slate-yjs/core';
import type { Editor } from 'slate';
import type * as Y from 'yjs';
import { type Disposable, toDisposable } from '../platform/Disposable.ts';
import type { ReviewRecord, ReviewRequest } from './reviewPayloads.ts';

/** Where reviews are recorded: `POST` and `DELETE /api/transcripts/:id/reviews`. */
export interface ReviewApi {
  /** Records a decision (or makes a withdrawn one stand again); answers the review as stored. */
  record(request: ReviewRequest): Promise<ReviewRecord>;
  /** Withdraws a recorded decision. */
  withdraw(reviewId: string): Promise<void>;
}

/** What {@link ReviewRecorder} tells its owner. */
export interface ReviewRecorderEvents {
  /** A decision was recorded, withdrawn or restored on the server. */
  didChange(): void;
  /** A request failed; `message` says which decision. */
  didFail(message: string): void;
}

interface Entry {
  readonly request: ReviewRequest;
  /** The server's id of the review, once recorded. */
  id: string | undefined;
}

/** The review records an undo step carries (its meta key). */
const REVIEWS = 'verbatim:reviews';

type HistoryEditor = Editor & YjsEditor & YHistoryEditor;

/**
 * Keeps the server's review records in step with the editor's undo history. A decision (accept, correction, Fix
 * All) is recorded together with the undo step that made it (its review marks, or for a deletion the edit itself):
 * undoing that step withdraws the records it carries, redoing it records them again (the server makes a withdrawn
 * record stand again, once). Requests go out one at a time, in order, so a quick undo and redo reach the server as
 * they were made. Setting the marks never clears the redo stack of an undone decision: they are only set by a new
 * decision, and a new decision is a new branch of history anyway.
 *
 * @example
 * recorder.record(() => (markReviewed(editor, path, userId), [acceptRequest(word)]));
 */
export class ReviewRecorder implements Disposable {
  readonly #editor: HistoryEditor;
  readonly #api: ReviewApi;
  readonly #events: ReviewRecorderEvents;
  readonly #subscription: Disposable;
  #queue: Promise<void> = Promise.resolve();

  constructor(editor: HistoryEditor, api: ReviewApi, events: ReviewRecorderEvents) {
    this.#editor = editor;
    this.#api = api;
    this.#events = events;
    const undoManager = editor.undoManager;
    const onPopped = ({ stackItem, type }: { stackItem: Y.UndoManager['undoStack'][number]; type: 'undo' | 'redo' }) => {
      const entries = stackItem.meta.get(REVIEWS) as Entry[] | undefined;
      if (!entries) return;
      // the step now on the other stack undoes (or redoes) the same decisions
      const inverse = type === 'undo' ? undoManager.redoStack.at(-1) : undoManager.undoStack.at(-1);
      inverse?.meta.set(REVIEWS, entries);
      for (const entry of entries) {
        if (type === 'undo') this.#withdraw(entry);
        else this.#restore(entry);
      }
    };
    undoManager.on('stack-item-popped', onPopped);
    this.#subscription = toDisposable(() => undoManager.off('stack-item-popped', onPopped));
  }

  /** Resolves once every request sent so far has been answered (for tests and for leaving a transcript). */
  get settled(): Promise<void> {
    return this.#queue;
  }

  /**
   * Runs `decide`, which sets review marks (and may edit) and returns the decisions it made, as one undo step of
   * their own, or as part of `join` (the step of the edit a correction made) while that is still the latest; then
   * records the decisions. Returns them.
   */
  record(decide: () => readonly ReviewRequest[], options: { join?: StackItem } = {}): readonly ReviewRequest[] {
    const undoManager = this.#editor.undoManager;
    const { join } = options;
    const joining = join !== undefined && undoManager.undoStack.at(-1) === join;
    // a capture in progress makes the marks part of the latest step: the edit's, or none but their own
    if (joining) undoManager.lastChange = Date.now();
    else undoManager.stopCapturing();
    const before = undoManager.undoStack.at(-1);
    const beforeCount = undoManager.undoStack.length;
    const requests = decide();
    if (YjsEditor.connected(this.#editor)) YjsEditor.flushLocalChanges(this.#editor);
    undoManager.stopCapturing();
    if (requests.length === 0) return requests;
    const top = undoManager.undoStack.at(-1);
    const changed = top !== undefined && (undoManager.undoStack.length !== beforeCount || top !== before || joining);
    // a deletion sets no marks: its records go with the edit's own step
    const step = changed ? top : join !== undefined && undoManager.undoStack.includes(join) ? join : undefined;
    const entries = requests.map((request) => this.#record(request));
    if (step) step.meta.set(REVIEWS, [...((step.meta.get(REVIEWS) as Entry[] | undefined) ?? []), ...entries]);
    return requests;
  }

  /** The latest step of the undo history (the one a just-made edit went into). */
  get latestStep(): StackItem | undefined {
    return this.#editor.undoManager.undoStack.at(-1);
  }

  dispose(): void {
    this.#subscription.dispose();
  }

  #record(request: ReviewRequest): Entry {
    const entry: Entry = { request, id: undefined };
    this.#enqueue(async () => {
      entry.id = (await this.#api.record(request)).id;
    }, `The ${describe(request)} was not recorded`);
    return entry;
  }

  #withdraw(entry: Entry): void {
    this.#enqueue(async () => {
      if (entry.id !== undefined) await this.#api.withdraw(entry.id);
    }, `Undoing the ${describe(entry.request)} did not withdraw its record`);
  }

  #restore(entry: Entry): void {
    this.#enqueue(async () => {
      entry.id = (await this.#api.record(entry.request)).id;
    }, `Redoing the ${describe(entry.request)} did not record it again`);
  }

  #enqueue(send: () => Promise<void>, failure: string): void {
    this.#queue = this.#queue.then(send).then(
      () => this.#events.didChange(),
      (error: unknown) => this.#events.didFail(`${failure}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}

/** One step of the editor's undo history. */
export type StackItem = Y.UndoManager['undoStack'][number];

function describe(request: ReviewRequest): string {
  if (request.action === 'accept') return `acceptance of "${request.before}"`;
  return request.after.trim() === '' ? `deletion of "${request.before}"` : `correction of "${request.before}" to "${request.after}"`;
}
