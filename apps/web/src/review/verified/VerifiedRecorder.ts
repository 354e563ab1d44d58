import { type YHistoryEditor, YjsEditor } from '@slate-yjs/core';
import type { CreateVerifiedSpanBody } from '@verbatim/core/api';
import type { Editor } from 'slate';
import type * as Y from 'yjs';
import { type Disposable, toDisposable } from '../../platform/Disposable.ts';
import { markStretchReviewed } from './markStretchReviewed.ts';
import type { VerifiedStretch } from './verifiedStretch.ts';

/** A verified span as the client asks for it (`POST /api/transcripts/:id/verified`). */
export interface VerifiedSpanRequest {
  /** Seconds. */
  readonly start: number;
  readonly end: number;
}

/** Where verified spans are recorded. */
export interface VerifiedApi {
  /** Records a span (`POST /api/transcripts/:id/verified-spans`); answers it with its id. */
  add(body: CreateVerifiedSpanBody): Promise<{ id: number }>;
  /** Removes a recorded span (`DELETE /api/transcripts/:id/verified-spans/:spanId`). */
  remove(spanId: number): Promise<void>;
}

/** What {@link VerifiedRecorder} tells its owner. */
export interface VerifiedRecorderEvents {
  /** A span was recorded or removed on the server. */
  didChange(): void;
  didFail(message: string): void;
}

interface Entry {
  readonly body: CreateVerifiedSpanBody;
  id: number | undefined;
}

/** The verified spans an undo step carries (its meta key). */
const VERIFIED = 'verbatim:verified';

/** The origin of the Yjs transactions that set a verified stretch's review marks. */
const VERIFY_ORIGIN = Symbol('verbatim:verify');

type HistoryEditor = Editor & YjsEditor & YHistoryEditor;

/**
 * Marks stretches verified ("every word here has been checked") as one step of the user's undo history, the way
 * `ReviewRecorder` keeps review decisions: the step sets the verifier's review mark on every word of the stretch
 * (which un-flags them, and makes the step exist even where the words were reviewed before), and carries the span;
 * undoing the step removes the span on the server (DELETE), redoing it records the span again (POST). Requests go
 * out one at a time, in order.
 *
 * @example
 * const stretch = verifiedStretch(editor, 'turn');
 * if (typeof stretch !== 'string') recorder.verify(stretch);
 */
export class VerifiedRecorder implements Disposable {
  readonly #editor: HistoryEditor;
  readonly #api: VerifiedApi;
  readonly #userId: string;
  readonly #events: VerifiedRecorderEvents;
  readonly #subscription: Disposable;
  readonly #now: () => number;
  #queue: Promise<void> = Promise.resolve();

  constructor(editor: HistoryEditor, api: VerifiedApi, userId: string, events: VerifiedRecorderEvents, now: () => number = Date.now) {
    this.#editor = editor;
    this.#api = api;
    this.#userId = userId;
    this.#events = events;
    this.#now = now;
    const undoManager = editor.undoManager;
    // the marks are written to the Y.Doc with an origin of their own, a step of the user's undo history like an edit
    undoManager.addTrackedOrigin(VERIFY_ORIGIN);
    const onPopped = ({ stackItem, type }: { stackItem: StackItem; type: 'undo' | 'redo' }) => {
      const entries = stackItem.meta.get(VERIFIED) as Entry[] | undefined;
      if (!entries) return;
      const inverse = type === 'undo' ? undoManager.redoStack.at(-1) : undoManager.undoStack.at(-1);
      inverse?.meta.set(VERIFIED, entries);
      for (const entry of entries) {
        if (type === 'undo') this.#remove(entry);
        else this.#add(entry, 'Redoing the verified mark did not record it again');
      }
    };
    undoManager.on('stack-item-popped', onPopped);
    this.#subscription = toDisposable(() => {
      undoManager.off('stack-item-popped', onPopped);
      undoManager.removeTrackedOrigin(VERIFY_ORIGIN);
    });
  }

  /** Resolves once every request sent so far has been answered. */
  get settled(): Promise<void> {
    return this.#queue;
  }

  /** Marks `stretch` verified: its words reviewed by this user (one undo step) and the span recorded. */
  verify(stretch: VerifiedStretch): CreateVerifiedSpanBody {
    const undoManager = this.#editor.undoManager;
    // the user's own edits first (the stretch was read from the editor, ahead of the Y.Doc until then), a step of their own
    if (YjsEditor.connected(this.#editor)) YjsEditor.flushLocalChanges(this.#editor);
    undoManager.stopCapturing();
    const before = undoManager.undoStack.at(-1);
    const beforeCount = undoManager.undoStack.length;
    markStretchReviewed(this.#editor, stretch.paths, { by: this.#userId, at: this.#now() }, VERIFY_ORIGIN);
    undoManager.stopCapturing();
    const top = undoManager.undoStack.at(-1);
    const entry: Entry = { body: stretch.body, id: undefined };
    // no step when nothing changed (the same marks set in the same millisecond): the span is recorded all the same
    if (top !== undefined && (top !== before || undoManager.undoStack.length !== beforeCount)) {
      top.meta.set(VERIFIED, [...((top.meta.get(VERIFIED) as Entry[] | undefined) ?? []), entry]);
    }
    this.#add(entry, 'The verified mark was not recorded');
    return stretch.body;
  }

  dispose(): void {
    this.#subscription.dispose();
  }

  #add(entry: Entry, failure: string): void {
    this.#enqueue(async () => {
      entry.id = (await this.#api.add(entry.body)).id;
    }, failure);
  }

  #remove(entry: Entry): void {
    this.#enqueue(async () => {
      if (entry.id !== undefined) await this.#api.remove(entry.id);
      entry.id = undefined;
    }, 'Undoing the verified mark did not remove it');
  }

  #enqueue(send: () => Promise<void>, failure: string): void {
    this.#queue = this.#queue.then(send).then(
      () => this.#events.didChange(),
      (error: unknown) => this.#events.didFail(`${failure}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}

type StackItem = Y.UndoManager['undoStack'][number];
