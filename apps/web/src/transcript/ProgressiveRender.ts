import { flushSync } from 'react-dom';
import type { Disposable } from '../platform/Disposable.ts';
import { whenIdle } from '../platform/whenIdle.ts';

/** Options of {@link ProgressiveRender}. */
export interface ProgressiveRenderOptions {
  /** Pieces rendered with the document (the first screen). */
  eager: number;
  /** Runs background work in an idle period; returns what cancels it (default: `requestIdleCallback`). */
  idle?: (work: () => void) => () => void;
  /** Where the user's keys and clicks arrive (default: `window`); none for no pause while typing. */
  input?: EventTarget | null;
  /** Milliseconds without a key or click before background work goes on (default 400). */
  quietMs?: number;
  /**
   * Milliseconds after the document first renders before background work starts (default `quietMs`): the first screen
   * has just been drawn, and the reader's first press or key there should not wait behind a piece.
   */
  graceMs?: number;
  /** The clock (default `performance.now`). */
  now?: () => number;
}

const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/**
 * The first render of a long document, a piece at a time: the first `eager` pieces (chunks of paragraphs) render
 * with the document, so the first screen shows and takes keystrokes at once; each of the others renders on its own,
 * one per idle period, in document order, and not while the user is typing or clicking (a keystroke then never
 * waits behind a piece). {@link finish} renders all that is left at once (a jump far down the document, a selection
 * there). Pieces that mount once all is rendered (new paragraphs) render at once.
 */
export class ProgressiveRender implements Disposable {
  readonly #eager: number;
  readonly #idle: (work: () => void) => () => void;
  readonly #quietMs: number;
  readonly #now: () => number;
  readonly #queue: Array<() => void> = [];
  readonly #input: EventTarget | null;
  #started = 0;
  #done = false;
  #lastInput = -Infinity;
  /** Before this time (the grace period after the first render) no piece renders in the background. */
  readonly #quietFrom: number;
  #cancel: (() => void) | undefined;

  constructor(options: ProgressiveRenderOptions) {
    this.#eager = options.eager;
    this.#idle = options.idle ?? whenIdle;
    this.#quietMs = options.quietMs ?? 400;
    this.#now = options.now ?? (() => performance.now());
    this.#quietFrom = this.#now() + (options.graceMs ?? this.#quietMs);
    this.#input = options.input === undefined ? (typeof window === 'undefined' ? null : window) : options.input;
    for (const type of INPUT_EVENTS) this.#input?.addEventListener(type, this.#onInput, { capture: true, passive: true });
  }

  /** Whether every piece is rendered (or renders as it mounts). */
  get done(): boolean {
    return this.#done;
  }

  /** Pieces waiting for their turn. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Asked by a piece on its first render: render now? (The first `eager` ones and, once done, all.) */
  renderNow(): boolean {
    return this.#done || this.#started++ < this.#eager;
  }

  /** A piece that did not render now waits for its turn: `show` renders it. Returns what takes it out of the queue. */
  enqueue(show: () => void): () => void {
    if (this.#done) {
      show();
      return () => {};
    }
    this.#queue.push(show);
    this.#schedule();
    return () => {
      const at = this.#queue.indexOf(show);
      if (at >= 0) this.#queue.splice(at, 1);
    };
  }

  /** Renders every waiting piece now, in one synchronous render where React allows it. */
  finish(): void {
    if (this.#done) return;
    this.#stop();
    const shows = this.#queue.splice(0);
    if (shows.length > 0) render(() => shows.forEach((show) => show()));
  }

  dispose(): void {
    this.#stop();
    this.#queue.length = 0;
  }

  readonly #onInput = () => {
    this.#lastInput = this.#now();
  };

  #stop(): void {
    this.#done = true;
    this.#cancel?.();
    this.#cancel = undefined;
    for (const type of INPUT_EVENTS) this.#input?.removeEventListener(type, this.#onInput, { capture: true });
  }

  #schedule(): void {
    if (this.#cancel || this.#done) return;
    this.#cancel = this.#idle(() => {
      this.#cancel = undefined;
      // the user is typing or clicking (or the first screen has just been drawn): a piece rendered now would delay
      // the next keystroke
      const now = this.#now();
      if (now - this.#lastInput < this.#quietMs || now < this.#quietFrom) {
        this.#schedule();
        return;
      }
      const show = this.#queue.shift();
      if (show) render(show);
      if (this.#queue.length > 0) this.#schedule();
      else this.#stop();
    });
  }
}

// synchronously, so that what a piece costs is spent in the idle period it was given
function render(work: () => void): void {
  try {
    flushSync(work);
  } catch {
    // inside a render or an effect: React renders it right after
    work();
  }
}

// the schedule of the editor each view renders (one view per open transcript)
const byEditor = new WeakMap<object, ProgressiveRender>();

/** Makes `progressive` the schedule {@link finishRendering} finishes for `editor`; returns what undoes that. */
export function attachProgressiveRender(editor: object, progressive: ProgressiveRender): () => void {
  byEditor.set(editor, progressive);
  return () => {
    if (byEditor.get(editor) === progressive) byEditor.delete(editor);
  };
}

/**
 * Renders what is left of `editor`'s document now; false when nothing was waiting (so looking for a node's element
 * again will not help).
 */
export function finishRendering(editor: object): boolean {
  const progressive = byEditor.get(editor);
  if (!progressive || progressive.done) return false;
  progressive.finish();
  return true;
}
