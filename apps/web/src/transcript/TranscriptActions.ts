import { Editor, Node, type Path, Range, Transforms } from 'slate';
import { ReactEditor } from 'slate-react';
import { assignSelectionToSpeaker } from '../editor/assignSelectionToSpeaker.ts';
import { findTextInTurn } from '../editor/findTextInTurn.ts';
import { listSpeakers } from '../editor/listSpeakers.ts';
import { mergeTurn } from '../editor/mergeTurn.ts';
import { renameSpeakerEverywhere } from '../editor/renameSpeakerEverywhere.ts';
import { isTurn, type TurnElement, wordOf } from '../editor/transcriptTypes.ts';
import { type Disposable, DisposableStore, toDisposable } from '../platform/Disposable.ts';
import { Emitter } from '../platform/Emitter.ts';
import { eachIdle } from '../platform/whenIdle.ts';
import type { WorkbenchServices } from '../platform/WorkbenchContext.tsx';
import { collectFlagged, type FlaggedWord, warmFlagged } from '../review/collectFlagged.ts';
import type { Correction } from '../review/CorrectionTracker.ts';
import { findFlagged } from '../review/findFlagged.ts';
import { postReview } from '../review/postReview.ts';
import type { ReviewRecord } from '../review/reviewPayloads.ts';
import { ReviewController } from '../review/ReviewController.ts';
import { targetWord } from '../review/targetWord.ts';
import { VerifiedController } from '../review/verified/VerifiedController.ts';
import type { VerifyScope } from '../review/verified/verifiedStretch.ts';
import { CurrentWordHighlighter } from '../waveform/CurrentWordHighlighter.ts';
import type { PlaybackController } from '../waveform/PlaybackController.ts';
import { reviewSpan } from '../waveform/playbackRules.ts';
import { WordTimeIndex } from '../waveform/WordTimeIndex.ts';
import type { ActiveTranscript } from './ActiveTranscript.ts';
import type { TranscriptEditor } from './createTranscriptEditor.ts';
import { downloadExport } from './downloadExport.ts';
import { nodeElement, wordElement } from './editorElements.ts';
import type { ExportFormat } from './transcriptJson.ts';
import type { TranscriptSession } from './TranscriptSession.ts';
import { TranscriptStatusItems } from './TranscriptStatusItems.ts';
import type { TranscriptWorkbench } from './TranscriptWorkbench.ts';

/** Words either side of a flagged word in its context line (the Problems panel's). */
const FLAG_CONTEXT_WORDS = 2;

/**
 * A small question the tab asks in its quick input, or (`vocabulary`) the Add to Vocabulary dialog for a term and
 * the correction it came from.
 */
export type PromptRequest =
  | { kind: 'jump' }
  | { kind: 'export' }
  | { kind: 'rewind' }
  | { kind: 'speaker'; speakers: string[] }
  | { kind: 'vocabulary'; term: string; correction?: { before: string; after: string } };

/** The CSS class of the word a review command selected (visible also where the editor is read-only). */
export const REVIEW_TARGET_CLASS = 'vb-review-target';

/**
 * Everything the commands do to one open transcript, outside React: playback and the current-word highlight,
 * flagged words (recomputed when the document or the threshold changes), review actions and their records on the
 * server kept in step with undo and redo (see `ReviewController`), turn split/merge, undo, export, and the status
 * bar items while the transcript is the active one.
 */
export class TranscriptActions implements ActiveTranscript, Disposable {
  readonly session: TranscriptSession;
  readonly editor: TranscriptEditor;
  readonly playback: PlaybackController;
  readonly transcriptId: string;
  readonly projectId: string;
  readonly highlighter: CurrentWordHighlighter;
  /** The transcript's verified stretches (the gutter) and the Mark … Verified commands. */
  readonly verified: VerifiedController;
  flagged: FlaggedWord[] = [];

  get model(): { id: string; version: string; sha256: string } | undefined {
    return this.session.record?.model;
  }

  readonly #services: WorkbenchServices;
  readonly #workbench: TranscriptWorkbench;
  readonly #prompt: (request: PromptRequest) => void;
  readonly #review: ReviewController;
  readonly #store = new DisposableStore();
  #index: WordTimeIndex | undefined;
  #flaggedAt: number | undefined;
  #container: HTMLElement | undefined;
  #target: HTMLElement | undefined;
  readonly #status: TranscriptStatusItems;
  readonly #onDidChangeFlagged = new Emitter<void>();
  /** The flagged words changed (document edited, reviewed, or threshold moved). */
  readonly onDidChangeFlagged = this.#onDidChangeFlagged.event;
  readonly #onDidRequestSpeakers = new Emitter<void>();
  /** The Speakers command asks the tab to show its speaker list. */
  readonly onDidRequestSpeakers = this.#onDidRequestSpeakers.event;

  constructor(options: {
    session: TranscriptSession;
    services: WorkbenchServices;
    workbench: TranscriptWorkbench;
    playback: PlaybackController;
    prompt: (request: PromptRequest) => void;
  }) {
    this.session = options.session;
    this.editor = options.session.editor!;
    this.playback = options.playback;
    this.transcriptId = options.session.transcriptId;
    this.projectId = options.session.record!.projectId;
    this.#services = options.services;
    this.#workbench = options.workbench;
    this.#prompt = options.prompt;
    const reviews = `/api/transcripts/${encodeURIComponent(this.transcriptId)}/reviews`;
    this.#review = this.#store.add(
      new ReviewController(this.editor, {
        api: {
          record: (request) => postReview((body) => options.services.api.post<ReviewRecord>(reviews, body), request),
          withdraw: (reviewId) => options.services.api.delete(`${reviews}/${encodeURIComponent(reviewId)}`),
        },
        userId: options.session.user.id,
        canEdit: () => this.session.canEdit,
        threshold: () => this.threshold,
        didChange: () => this.#workbench.didReview(this.projectId),
        didFail: (message) => this.#services.notify('error', message),
      }),
    );
    this.verified = this.#store.add(
      new VerifiedController(this.editor, {
        api: options.services.api,
        transcriptId: this.transcriptId,
        userId: options.session.user.id,
        canReview: () => this.session.canReview,
        notify: (kind, message) => this.#services.notify(kind, message),
      }),
    );
    this.#status = this.#store.add(new TranscriptStatusItems(options.services.status));
    this.highlighter = this.#store.add(
      new CurrentWordHighlighter(
        () => this.index,
        (word) => wordElement(this.editor, word),
        (_word, element) => this.#follow(element),
      ),
    );
    this.#store.add(
      this.session.onDidChangeContent(() => {
        this.#index = undefined;
        this.#refreshFlagged();
      }),
    );
    this.#store.add(this.#workbench.thresholds.onDidChange((id) => id === this.projectId && this.#refreshFlagged()));
    this.#store.add(
      this.playback.onDidTick((time) => {
        this.highlighter.update(time);
        if (Math.floor(time) !== this.#status.shownSecond) this.#status.playback(this.playback);
      }),
    );
    this.#store.add(this.playback.onDidChangeState(() => this.#status.playback(this.playback)));
    this.#store.add(this.session.onDidChange(() => this.#status.connection(this.session)));
    // the first list reads every word (some 35 ms on a 3-hour transcript): after the first screen takes keys, not
    // before, and in slices of idle time (a press right after the document shows waited for all of it)
    this.#warmInIdle((from, hasTime) => warmFlagged(this.editor.children, this.threshold, FLAG_CONTEXT_WORDS, from, hasTime), () => this.#refreshFlagged(), 1000);
    // and the words by time (some 20-35 ms there), in idle slices too: else the first press on a word, which plays it,
    // builds them between the press and its caret
    this.#warmInIdle((from, hasTime) => WordTimeIndex.warm(this.editor.children, from, hasTime), () => void this.index, 2000);
  }

  /**
   * Fills a per-paragraph cache in idle slices: `warm(from, hasTime)` reads paragraphs from `from` and returns the next
   * one to read; once every paragraph is read, `then()` builds the whole from the cache. Stops when this is disposed.
   */
  #warmInIdle(warm: (from: number, hasTime: () => boolean) => number, then: () => void, timeout: number): void {
    let next = 0;
    this.#store.add(
      toDisposable(
        eachIdle((timeLeft) => {
          next = warm(next, () => timeLeft() > 2);
          if (next < this.editor.children.length) return false;
          then();
          return true;
        }, timeout),
      ),
    );
  }

  get threshold(): number {
    return this.#workbench.thresholds.get(this.projectId);
  }

  /** The words by start time, rebuilt after the document changed. */
  get index(): WordTimeIndex {
    this.#index ??= WordTimeIndex.fromChildren(this.editor.children);
    return this.#index;
  }

  /** The scrolling element around the editor (for following playback). */
  attach(container: HTMLElement | undefined): void {
    this.#container = container;
  }

  /** Makes this the transcript the commands act on and the status bar shows, until disposed. */
  activate(): Disposable {
    const store = new DisposableStore();
    store.add(this.#workbench.setActive(this));
    store.add(this.#status.show());
    this.#status.connection(this.session);
    this.#status.flagged(this.flagged.length, this.threshold);
    this.#status.playback(this.playback);
    return store;
  }

  /** The last correction recorded (what Fix All and Add to Vocabulary act on). */
  get lastCorrection(): Correction | undefined {
    return this.#review.lastCorrection;
  }

  /** Call on every editor change: records corrections typed over flagged words once the caret leaves them. */
  onEditorChange(): void {
    this.#review.onEditorChange();
  }

  // --- playback

  togglePlayback(): void {
    void this.playback.toggle();
  }

  skip(seconds: number): void {
    this.playback.skip(seconds);
  }

  stepRate(direction: 1 | -1): void {
    this.playback.stepRate(direction);
  }

  promptJumpTo(): void {
    this.#prompt({ kind: 'jump' });
  }

  promptRewind(): void {
    this.#prompt({ kind: 'rewind' });
  }

  /** Seeks to `time` and puts the caret at the word spoken then (click on the waveform). */
  seekAndPlaceCaret(time: number): void {
    this.playback.seek(time);
    const word = this.index.nearest(time);
    if (!word) return;
    Transforms.select(this.editor, { path: word.path, offset: 0 });
    this.#reveal(word.path, false);
    if (!this.#readOnly()) this.#focus();
  }

  /** Plays on from `time` (a turn's timestamp, the transport). */
  playFrom(time: number): void {
    void this.playback.playFrom(time);
  }

  /**
   * A click on a word: plays it with a little context either side (while playing, playback just moves on from there).
   * The caret stays where the click put it.
   */
  hear(path: Path): void {
    const word = Node.has(this.editor, path) ? wordOf(Node.get(this.editor, path)) : undefined;
    if (!word) return;
    if (this.playback.playing) {
      this.playback.seek(word.start);
      return;
    }
    const [from, to] = reviewSpan(word.start, word.end, this.playback.duration || Infinity);
    void this.playback.playSpan(from, to);
  }

  // --- review

  selectFlagged(direction: 1 | -1, wrap: boolean): boolean {
    const from = this.editor.selection ? Range.start(this.editor.selection) : this.#playingPoint();
    const path = findFlagged(this.editor.children, this.threshold, from, direction, { wrap });
    if (!path) return false;
    this.selectWord(path, true);
    return true;
  }

  revealAt(at: number, play: boolean): void {
    const word = this.index.nearest(at);
    if (!word) {
      this.playback.seek(at);
      return;
    }
    this.selectWord(word.path, play);
    if (!play) this.playback.seek(at);
  }

  revealMatch(at: number, text: string, occurrence: number): void {
    const index = this.editor.children.findIndex((turn) => isTurn(turn) && Math.abs(turn.start - at) < 0.0005);
    const range = index >= 0 ? findTextInTurn(this.editor.children[index] as TurnElement, index, text, occurrence) : undefined;
    if (!range) {
      // the document changed since the search: its turn's start then
      this.revealAt(at, false);
      return;
    }
    Transforms.select(this.editor, range);
    this.#reveal(range.anchor.path, false);
    if (!this.#readOnly()) this.#focus();
    const word = wordOf(Node.get(this.editor, range.anchor.path));
    this.playback.seek(word?.start ?? at);
  }

  /** Selects the word at `path`, scrolls to it, and plays it with half a second of context either side. */
  selectWord(path: Path, play: boolean): void {
    if (!Node.has(this.editor, path)) return;
    const word = wordOf(Node.get(this.editor, path));
    if (!word) return;
    Transforms.select(this.editor, Editor.range(this.editor, path));
    this.#reveal(path, true);
    if (!this.#readOnly()) this.#focus();
    if (play) {
      const [from, to] = reviewSpan(word.start, word.end, this.playback.duration || Infinity);
      void this.playback.playSpan(from, to);
    }
  }

  accept(): void {
    if (!this.session.canReview) {
      this.#services.notify('error', 'Only reviewers, editors and owners can accept words.');
      return;
    }
    const target = this.#targetWord();
    if (!target) {
      this.#services.notify('info', 'Put the caret on a word (F8 goes to the next flagged one) to accept it.');
      return;
    }
    this.#review.accept(target.path);
  }

  /** Marks the turn at the caret (or being played), the selected words or the whole transcript verified. */
  verify(scope: VerifyScope): void {
    this.verified.verify(scope, this.highlighter.word?.path);
  }

  fixAll(): void {
    const correction = this.lastCorrection;
    if (!correction) {
      this.#services.notify('info', 'Correct a flagged word first (type over it); "Fix all" then applies that correction to the same word elsewhere.');
      return;
    }
    if (!this.session.canEdit) {
      this.#services.notify('error', 'Only editors and owners can change the text.');
      return;
    }
    const requests = this.#review.fixAll();
    this.#services.notify('info', requests.length === 0 ? `No other flagged "${correction.before}".` : `Replaced ${requests.length} more "${correction.before}" with "${correction.after}".`);
  }

  /** Opens the Add to Vocabulary dialog for the last correction (else the word at the caret); nothing is stored unconfirmed. */
  addToVocabulary(): void {
    if (!this.session.canEdit) {
      this.#services.notify('error', "Only editors and owners can change the project's vocabulary.");
      return;
    }
    const correction = this.lastCorrection;
    const term = correction?.after ?? this.#targetWord()?.word.text;
    if (!term) {
      this.#services.notify('info', 'Correct a word (or put the caret on one) to add it to the vocabulary.');
      return;
    }
    this.#prompt({ kind: 'vocabulary', term, ...(correction && { correction: { before: correction.before, after: correction.after } }) });
  }

  // --- editing

  /** What Enter does at the caret (the palette's Split Turn at Caret). */
  splitTurn(): void {
    if (!this.editor.selection || !this.session.canEdit) return;
    const before = this.editor.children;
    this.editor.insertBreak();
    if (this.editor.children === before) this.#services.notify('info', 'A turn splits between words: put the caret after the first word.');
  }

  mergeTurn(): void {
    const selection = this.editor.selection;
    if (!selection || !this.session.canEdit) return;
    if (!mergeTurn(this.editor, selection.anchor.path[0]!)) this.#services.notify('info', 'The first turn has no turn before it to merge with.');
  }

  showSpeakers(): void {
    this.#onDidRequestSpeakers.fire();
  }

  /**
   * Renames speaker `from` in every paragraph, or merges it into the speaker named `to`, as one step of the user's
   * undo history. Returns how many paragraphs changed.
   */
  renameSpeakerEverywhere(from: string, to: string): number {
    if (!this.session.canEdit) {
      this.#services.notify('error', 'Only editors and owners can rename speakers.');
      return 0;
    }
    // its own undo step: not joined to an edit made just before, nor to one made just after
    this.editor.undoManager.stopCapturing();
    const changed = renameSpeakerEverywhere(this.editor, from, to);
    queueMicrotask(() => this.editor.undoManager.stopCapturing());
    return changed;
  }

  /**
   * Gives the selected words to speaker `name` (asking for it when not given): the turn is split at the selection's
   * edges, as one step of the user's undo history.
   */
  assignSelectionToSpeaker(name?: string): void {
    if (!this.session.canEdit) {
      this.#services.notify('error', 'Only editors and owners can change who spoke.');
      return;
    }
    const selection = this.editor.selection;
    if (!selection || Range.isCollapsed(selection)) {
      this.#services.notify('info', 'Select the words someone else said, then assign them to that speaker.');
      return;
    }
    if (name === undefined) {
      this.#prompt({ kind: 'speaker', speakers: listSpeakers(this.editor.children).map((s) => s.name) });
      return;
    }
    this.editor.undoManager.stopCapturing();
    const done = assignSelectionToSpeaker(this.editor, selection, name);
    queueMicrotask(() => this.editor.undoManager.stopCapturing());
    if (!done) this.#services.notify('info', 'The selection holds no word to assign.');
  }

  /** Puts the focus back in the editor, with its caret. */
  focusEditor(): void {
    this.#focus();
  }

  /** Undoes this user's last step; a review decision it made is withdrawn. */
  undo(): void {
    if (this.#mayNotChange()) return;
    this.#review.undo();
  }

  /** Redoes it; a review decision it made is recorded again. */
  redo(): void {
    if (this.#mayNotChange()) return;
    this.#review.redo();
  }

  exportAs(format?: ExportFormat): void {
    if (format) downloadExport(this.transcriptId, format);
    else this.#prompt({ kind: 'export' });
  }

  dispose(): void {
    this.#store.dispose();
    this.#onDidChangeFlagged.dispose();
    this.#onDidRequestSpeakers.dispose();
  }

  // --- internals

  #readOnly(): boolean {
    return !this.session.canEdit;
  }

  // a step undone or redone where the room would refuse it would show a change no one else has
  #mayNotChange(): boolean {
    if (this.session.canReview) return false;
    this.#services.notify('info', this.session.closure || this.session.documentNotice ? 'This transcript is read-only here now (see the notice above it).' : 'This transcript is read-only for you.');
    return true;
  }

  #focus(): void {
    try {
      ReactEditor.focus(this.editor);
    } catch {
      // not mounted (inactive tab)
    }
  }

  #playingPoint() {
    const word = this.highlighter.word ?? this.index.at(this.playback.time);
    return word ? { path: word.path, offset: 0 } : undefined;
  }

  #targetWord() {
    return targetWord(this.editor, this.highlighter.word);
  }

  #reveal(path: Path, mark: boolean): void {
    const element = nodeElement(this.editor, path);
    if (!element) return;
    if (mark && element !== this.#target) {
      this.#target?.classList.remove(REVIEW_TARGET_CLASS);
      element.classList.add(REVIEW_TARGET_CLASS);
      this.#target = element;
    }
    element.scrollIntoView({ block: 'center', inline: 'nearest' });
  }

  // while playing, keeps the lit word in view unless the user is typing in the editor
  #follow(element: HTMLElement | undefined): void {
    const container = this.#container;
    if (!element || !container || !this.playback.playing) return;
    if (container.contains(document.activeElement) && document.activeElement !== container) return;
    const box = container.getBoundingClientRect();
    const rect = element.getBoundingClientRect();
    if (rect.top < box.top + 8 || rect.bottom > box.bottom - 8) element.scrollIntoView({ block: 'center' });
  }

  #refreshFlagged(): void {
    const before = this.flagged;
    const threshold = this.threshold;
    this.flagged = collectFlagged(this.editor.children, threshold, FLAG_CONTEXT_WORDS);
    // an edit that changed no flagged word (typing elsewhere) leaves the count, the waveform and the Problems panel be
    if (threshold === this.#flaggedAt && sameWords(before, this.flagged)) return;
    this.#flaggedAt = threshold;
    this.#status.flagged(this.flagged.length, threshold);
    this.#onDidChangeFlagged.fire();
  }
}

function sameWords(a: readonly FlaggedWord[], b: readonly FlaggedWord[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i] || sameWord(x, b[i]!));
}

function sameWord(x: FlaggedWord, y: FlaggedWord): boolean {
  return x.path[0] === y.path[0] && x.path[1] === y.path[1] && x.text === y.text && x.start === y.start && x.end === y.end && x.conf === y.conf && x.context === y.context;
}
