import { flushSync } from 'react-dom';
import { type Editor, type Operation, type Path, Range } from 'slate';
import { ReactEditor } from 'slate-react';
import type { Disposable } from '../platform/Disposable.ts';
import { whenIdle } from '../platform/whenIdle.ts';

/** What {@link LiveParagraphs} observes paragraphs with (an `IntersectionObserver`'s part it uses). */
/**
 * What the observer reports of a paragraph. With `rootBounds` (the view grown by the observer's margin) and
 * `boundingClientRect`, as an IntersectionObserver gives them, a paragraph in the margin but out of the view itself is
 * told apart from one in view; without them every intersecting paragraph counts as in view.
 */
export interface NearEntry {
  target: Element;
  isIntersecting: boolean;
  rootBounds?: DOMRectReadOnly | null;
  boundingClientRect?: DOMRectReadOnly;
}

export interface NearObserver {
  observe(element: Element): void;
  unobserve(element: Element): void;
  disconnect(): void;
}

/** Options of {@link LiveParagraphs}. */
export interface LiveParagraphsOptions {
  /**
   * Makes the observer that reports paragraphs coming near the view and leaving it (default: an
   * `IntersectionObserver` on `root` with a margin of about a screen above and below).
   */
  observer?: (root: Element | null, report: (entries: ReadonlyArray<NearEntry>) => void) => NearObserver;
  /** Paragraphs made live for code (playback, a jump) that stay live while out of view, the oldest going first. */
  pinned?: number;
  /**
   * Runs work in an idle period; returns what cancels it (default `whenIdle`): paragraphs in the observer's margin but
   * out of the view turn live then, not in the frame that reported them.
   */
  idle?: (work: () => void) => () => void;
  /** Where the user's keys and presses arrive (default `window`): no paragraph turns live in idle time while typing. */
  input?: EventTarget | null;
  /** Milliseconds without a key or press before paragraphs of the margin turn live (default 400). */
  quietMs?: number;
  /** The clock (default `performance.now`). */
  now?: () => number;
  /**
   * The first paragraphs of the document, live from their first render until the observer has reported on them (the
   * first screen: no static words there that turn live a moment later, under the reader's first click). Default 0.
   */
  initial?: number;
}

/** The part of a mounted paragraph {@link LiveParagraphs} drives: whether it renders Slate's leaves or static words. */
interface Mounted {
  element: HTMLElement;
  setLive(live: boolean): void;
  live: boolean;
}

/**
 * Which paragraphs of a long transcript render live, as Slate's leaves (a React component per word and separator),
 * and which as static words (markup of the same spans, no components; see `staticWords`). A paragraph is live while
 * it is near the view (an IntersectionObserver with a screen of margin), while the selection's anchor or focus is in
 * it, or when code needs its words as DOM nodes ({@link ensureLive}: the caret, the playing word, a review jump);
 * out of view again it goes back to static, so what stays live is bounded by the view, not by the document.
 *
 * Paragraphs are known by their slate-react key, which stays the same through edits of the paragraph.
 */
export class LiveParagraphs implements Disposable {
  readonly #editor: ReactEditor;
  readonly #makeObserver: NonNullable<LiveParagraphsOptions['observer']>;
  readonly #pinnedMax: number;
  readonly #mounted = new Map<object, Mounted>();
  readonly #byElement = new Map<Element, object>();
  readonly #near = new Set<object>();
  readonly #selected = new Set<object>();
  readonly #pinned: object[] = [];
  readonly #initialCount: number;
  #initial: Set<object> | undefined;
  readonly #reported = new WeakSet<object>();
  readonly #idle: (work: () => void) => () => void;
  /** Static paragraphs in the margin but out of view, turning live in the next idle period. */
  readonly #soon = new Set<object>();
  #cancelSoon: (() => void) | undefined;
  readonly #input: EventTarget | null;
  readonly #quietMs: number;
  readonly #now: () => number;
  #lastInput = -Infinity;
  readonly #onInput = () => {
    this.#lastInput = this.#now();
  };
  #observer: NearObserver | undefined;
  #unhook: (() => void) | undefined;

  constructor(editor: ReactEditor, options: LiveParagraphsOptions = {}) {
    this.#editor = editor;
    this.#makeObserver = options.observer ?? defaultObserver;
    this.#pinnedMax = options.pinned ?? 4;
    this.#initialCount = options.initial ?? 0;
    this.#idle = options.idle ?? ((work) => whenIdle(work, 1000));
    this.#quietMs = options.quietMs ?? 400;
    this.#now = options.now ?? (() => performance.now());
    this.#input = options.input === undefined ? (typeof window === 'undefined' ? null : window) : options.input;
    for (const type of INPUT_EVENTS) this.#input?.addEventListener(type, this.#onInput, { capture: true, passive: true });
  }

  /**
   * Starts observing paragraphs against `root` (the scrolling container) and following the selection of the editor;
   * returns what stops both.
   */
  attach(root: Element | null): () => void {
    this.#observer?.disconnect();
    this.#observer = this.#makeObserver(root, (entries) => this.#report(entries));
    for (const element of this.#byElement.keys()) this.#observer.observe(element);
    this.#unhook?.();
    this.#unhook = this.#followSelection();
    this.#select();
    return () => {
      this.#observer?.disconnect();
      this.#observer = undefined;
      this.#unhook?.();
      this.#unhook = undefined;
    };
  }

  /** Whether the paragraph `node` (a top-level element of the editor) renders live when it mounts. */
  wanted(node: object): boolean {
    return this.#wanted(this.#keyOf(node));
  }

  /** Whether the paragraph at top-level index `index` is rendered live now (not only about to be). */
  isLive(index: number): boolean {
    const node = this.#editor.children[index];
    return node !== undefined && this.#mounted.get(this.#keyOf(node))?.element.dataset.live === 'true';
  }

  /** The top-level indexes of the paragraphs rendered live now, in order. */
  liveIndexes(): number[] {
    return this.#editor.children.flatMap((_, i) => (this.isLive(i) ? [i] : []));
  }

  /**
   * A paragraph's view mounted (`element` its DOM element, rendered live or not): from now on it renders live or
   * static as `setLive` is told. Returns what unregisters it.
   */
  mount(node: object, element: HTMLElement, live: boolean, setLive: (live: boolean) => void): () => void {
    const key = this.#keyOf(node);
    const mounted: Mounted = { element, setLive, live };
    this.#mounted.set(key, mounted);
    this.#byElement.set(element, key);
    this.#observer?.observe(element);
    this.#update(key);
    return () => {
      if (this.#mounted.get(key) === mounted) this.#mounted.delete(key);
      this.#byElement.delete(element);
      this.#observer?.unobserve(element);
    };
  }

  /**
   * Makes the paragraph of `path` (its first index) live now, in one synchronous render, so that its words are DOM
   * nodes Slate can map; it stays live until it has been out of view and a few others were pinned after it. False
   * when there is no such paragraph, or it is not mounted.
   */
  ensureLive(path: Path): boolean {
    const node = path.length > 0 ? this.#editor.children[path[0]!] : undefined;
    if (!node) return false;
    const key = this.#keyOf(node);
    const mounted = this.#mounted.get(key);
    if (!mounted) return false;
    this.#pin(key);
    // (also when it is about to render live, e.g. the selection just moved there: now)
    if (mounted.element.dataset.live !== 'true') {
      render(() => {
        mounted.live = true;
        mounted.setLive(true);
      });
    }
    return true;
  }

  dispose(): void {
    this.#cancelSoon?.();
    this.#cancelSoon = undefined;
    this.#soon.clear();
    for (const type of INPUT_EVENTS) this.#input?.removeEventListener(type, this.#onInput, { capture: true });
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#unhook?.();
    this.#unhook = undefined;
    this.#mounted.clear();
    this.#byElement.clear();
  }

  #keyOf(node: object): object {
    return ReactEditor.findKey(this.#editor, node as never);
  }

  #report(entries: ReadonlyArray<NearEntry>): void {
    const changed = new Set<object>();
    for (const entry of entries) {
      const key = this.#byElement.get(entry.target);
      if (!key) continue;
      this.#soon.delete(key);
      // near but not in view, and static: live once the page is idle (a first render or a jump then draws only what
      // is in view before it takes keys; static words look the same, and a press on them makes them live at once)
      if (entry.isIntersecting && !this.#near.has(key) && this.#mounted.get(key)?.live !== true && outOfView(entry)) {
        this.#reported.add(key);
        this.#soon.add(key);
        continue;
      }
      this.#reported.add(key);
      if (entry.isIntersecting) this.#near.add(key);
      else this.#near.delete(key);
      changed.add(key);
    }
    for (const key of changed) this.#update(key);
    this.#scheduleSoon();
  }

  #scheduleSoon(): void {
    if (this.#soon.size === 0 || this.#cancelSoon !== undefined) return;
    this.#cancelSoon = this.#idle(() => {
      this.#cancelSoon = undefined;
      // the user is typing or pressing: a paragraph rendered now would delay the next keystroke
      if (this.#now() - this.#lastInput < this.#quietMs) return this.#scheduleSoon();
      const soon = [...this.#soon];
      this.#soon.clear();
      for (const key of soon) this.#near.add(key);
      for (const key of soon) this.#update(key);
    });
  }

  #pin(key: object): void {
    const at = this.#pinned.indexOf(key);
    if (at >= 0) this.#pinned.splice(at, 1);
    this.#pinned.push(key);
    while (this.#pinned.length > this.#pinnedMax) this.#update(this.#pinned.shift()!);
  }

  #update(key: object): void {
    this.#set(key, this.#wanted(key));
  }

  #wanted(key: object): boolean {
    if (this.#near.has(key) || this.#selected.has(key) || this.#pinned.includes(key)) return true;
    this.#initial ??= new Set(this.#editor.children.slice(0, this.#initialCount).map((node) => this.#keyOf(node)));
    return this.#initial.has(key) && !this.#reported.has(key);
  }

  #set(key: object, live: boolean): void {
    const mounted = this.#mounted.get(key);
    if (!mounted || mounted.live === live) return;
    mounted.live = live;
    mounted.setLive(live);
  }

  // the paragraphs of the selection's anchor and focus go live in the same render as the selection itself, so that
  // Slate finds their DOM when it puts the browser's selection there
  #followSelection(): () => void {
    const editor = this.#editor as Editor;
    const { apply } = editor;
    const patched = (op: Operation) => {
      apply(op);
      if (op.type === 'set_selection' || this.#selectionMoved()) this.#select();
    };
    editor.apply = patched;
    return () => {
      if (editor.apply === patched) editor.apply = apply;
    };
  }

  #lastSelection: Range | null = null;

  #selectionMoved(): boolean {
    return this.#editor.selection !== this.#lastSelection;
  }

  #select(): void {
    const selection = this.#editor.selection;
    this.#lastSelection = selection;
    const before = [...this.#selected];
    this.#selected.clear();
    if (selection) {
      for (const point of Range.edges(selection)) {
        const node = this.#editor.children[point.path[0]!];
        if (node) this.#selected.add(this.#keyOf(node));
      }
    }
    for (const key of this.#selected) this.#update(key);
    for (const key of before) if (!this.#selected.has(key)) this.#update(key);
  }
}

// synchronously where React allows it (not inside a render or an effect: there it renders right after)
function render(work: () => void): void {
  try {
    flushSync(work);
  } catch {
    work();
  }
}

const INPUT_EVENTS = ['keydown', 'pointerdown'] as const;

/** The observer's margin above and below the view, in views (see `defaultObserver`). */
const MARGIN_VIEWS = 1;

function defaultObserver(root: Element | null, report: (entries: ReadonlyArray<IntersectionObserverEntry>) => void): NearObserver {
  return new IntersectionObserver(report, { root, rootMargin: `${MARGIN_VIEWS * 100}% 0px ${MARGIN_VIEWS * 100}% 0px` });
}

/** Whether an intersecting entry lies only in the observer's margin (false when the entry does not say). */
function outOfView(entry: NearEntry): boolean {
  const { rootBounds, boundingClientRect: box } = entry;
  if (!rootBounds || !box || rootBounds.height <= 0) return false;
  const height = rootBounds.height / (1 + 2 * MARGIN_VIEWS);
  const top = rootBounds.top + MARGIN_VIEWS * height;
  return box.bottom <= top || box.top >= top + height;
}

// the live paragraphs of each editor's view (one view per open transcript)
const byEditor = new WeakMap<object, LiveParagraphs>();

/** Makes `paragraphs` the ones {@link ensureLive} uses for `editor`; returns what undoes that. */
export function attachLiveParagraphs(editor: object, paragraphs: LiveParagraphs): () => void {
  byEditor.set(editor, paragraphs);
  return () => {
    if (byEditor.get(editor) === paragraphs) byEditor.delete(editor);
  };
}

/**
 * Renders the paragraph of `path` live now if it is static (so that `ReactEditor.toDOMNode` and friends find its
 * words); false when that changed nothing (no view, no such paragraph, or already live).
 */
export function ensureLive(editor: object, path: Path): boolean {
  const paragraphs = byEditor.get(editor);
  if (!paragraphs || path.length === 0 || paragraphs.isLive(path[0]!)) return false;
  return paragraphs.ensureLive(path);
}
