import { type Descendant, type Editor, type Node, type Path, Range } from 'slate';
import { wordAfter, wordBefore } from '../editor/neighbourWords.ts';
import { type TurnElement, wordOf } from '../editor/transcriptTypes.ts';
import { wordAtPoint } from '../editor/wordAtPoint.ts';
import { isFlagged } from '@verbatim/core';

/** A correction of flagged words, found when the caret left them: one word or several, retyped or deleted. */
export interface Correction {
  /** The words' text before the first edit (several words joined by spaces). */
  before: string;
  /** The text of the words now within their span when the caret left it; empty when they were deleted. */
  after: string;
  /** The span the correction covers, in seconds: the words it changed, and any typed beside them. */
  start: number;
  end: number;
  /** The lowest confidence of the words it changed. */
  conf: number;
  /** Paragraph index where it was. */
  paragraph: number;
}

interface SnapshotWord {
  text: string;
  start: number;
  end: number;
  conf: number;
  flagged: boolean;
}

interface Snapshot {
  from: number;
  to: number;
  paragraphs: number;
  /** The paragraphs `from`..`to` as they were (Slate never changes a node in place: an edit replaces what it changes). */
  turns: Descendant[];
}

interface Session {
  start: number;
  end: number;
  paragraph: number;
  /** The words as they were before the session's first edit touched them. */
  originals: SnapshotWord[];
}

// times of the same word travel through Slate and Yjs unchanged; this only absorbs float noise
const EPSILON = 1e-6;

/**
 * Notices corrections of flagged words. The editor tells it about each user edit (`willEdit` / `didEdit`, never
 * undo, redo or a collaborator's change): an edit that changes a flagged, unreviewed word opens a correction over
 * the changed words' span, later edits in or beside that span extend it, and when the caret leaves the span (or an
 * edit lands elsewhere) the correction is reported if the text changed: a word retyped, several words replaced by
 * one, a word split, or words deleted (`after` empty). Words are followed by their time span, which edits keep.
 */
export class CorrectionTracker {
  readonly #threshold: () => number;
  #session: Session | undefined;
  #snapshot: Snapshot | undefined;
  #justEdited = false;

  constructor(threshold: () => number) {
    this.#threshold = threshold;
  }

  /** The open correction's span, if any. */
  get span(): Readonly<{ start: number; end: number; paragraph: number }> | undefined {
    const session = this.#session;
    return session && { start: session.start, end: session.end, paragraph: session.paragraph };
  }

  /** Call just before a user edit: remembers the words around the selection. */
  willEdit(editor: Editor): void {
    const selection = editor.selection;
    if (!selection) {
      this.#snapshot = undefined;
      return;
    }
    const [first, last] = [selection.anchor.path[0]!, selection.focus.path[0]!].sort((a, b) => a - b) as [number, number];
    const from = Math.max(0, first - 1);
    const to = last + 1;
    this.#snapshot = { from, to, paragraphs: editor.children.length, turns: editor.children.slice(from, to + 1) };
  }

  /**
   * Call right after a user edit: opens, extends or moves the correction. Returns the correction the edit ended,
   * when it changed words away from the open one.
   */
  didEdit(editor: Editor): Correction | undefined {
    const snapshot = this.#snapshot;
    this.#snapshot = undefined;
    if (!snapshot) return undefined;
    this.#justEdited = true;
    const to = Math.max(snapshot.from, snapshot.to + editor.children.length - snapshot.paragraphs);
    const turns = editor.children.slice(snapshot.from, to + 1);
    // Slate never changes a node in place (an edit replaces the nodes it changes, and their ancestors): only the
    // leaves of the paragraphs it replaced that are not in both before and after are compared, the rest are the same
    // words
    const [turnsBefore, turnsAfter] = [new Set(snapshot.turns), new Set(turns)];
    const [gone, made] = [leavesOf(snapshot.turns.filter((turn) => !turnsAfter.has(turn))), leavesOf(turns.filter((turn) => !turnsBefore.has(turn)))];
    const [before, after] = [new Set(gone), new Set(made)];
    const changedNow = this.#words(made.filter((leaf) => !before.has(leaf)));
    const { removed, added } = difference(this.#words(gone.filter((leaf) => !after.has(leaf))), changedNow);
    if (removed.length === 0 && added.length === 0) return undefined;
    const touched = spanOf([...removed, ...added]);
    const paragraph = editor.selection ? Range.start(editor.selection).path[0]! : (this.#session?.paragraph ?? snapshot.from);
    let ended: Correction | undefined;
    const session = this.#session;
    if (session && adjoins(session, touched, () => [...changedNow, ...this.#words(leavesOf(turns).filter((leaf) => !after.has(leaf) || before.has(leaf)))], added)) {
      for (const word of removed) if (!within(word, session)) session.originals.push(word);
      session.start = Math.min(session.start, touched.start);
      session.end = Math.max(session.end, touched.end);
      session.paragraph = paragraph;
      return undefined;
    }
    if (session) ended = this.finish(editor);
    if (removed.some((word) => word.flagged)) this.#session = { ...touched, paragraph, originals: removed };
    return ended;
  }

  /** Call after every change of the editor: returns the correction when the caret just left it (not in an edit). */
  update(editor: Editor): Correction | undefined {
    if (this.#justEdited) {
      this.#justEdited = false;
      return undefined;
    }
    const session = this.#session;
    if (!session || caretInside(editor, session)) return undefined;
    return this.finish(editor);
  }

  /** Ends the open correction now; returns it when the text changed. */
  finish(editor: Editor): Correction | undefined {
    const session = this.#session;
    this.#session = undefined;
    if (!session || session.originals.length === 0) return undefined;
    const before = [...session.originals].sort((a, b) => a.start - b.start).map((word) => word.text).join(' ');
    const after = textInSpan(editor, session);
    if (normalize(after) === normalize(before)) return undefined;
    return {
      before,
      after,
      start: session.start,
      end: session.end,
      conf: Math.min(...session.originals.map((word) => word.conf)),
      paragraph: session.paragraph,
    };
  }

  /** Forgets the open correction without reporting it (undo, redo, an accept). */
  reset(): void {
    this.#session = undefined;
    this.#snapshot = undefined;
    this.#justEdited = false;
  }

  #words(leaves: readonly Node[]): SnapshotWord[] {
    const threshold = this.#threshold();
    const words: SnapshotWord[] = [];
    for (const node of leaves) {
      const word = wordOf(node);
      if (word && word.text !== '') words.push({ text: word.text, start: word.start, end: word.end, conf: word.conf, flagged: isFlagged(word.conf, word.reviewed, threshold) });
    }
    return words;
  }
}

/** The words whose times lie within `[start, end]` near paragraph `paragraph`, joined by spaces. */
export function textInSpan(editor: Editor, span: { start: number; end: number; paragraph: number }): string {
  const words: string[] = [];
  for (const path of pathsInSpan(editor, span)) words.push(wordOf((editor.children[path[0]!] as TurnElement).children[path[1]!])!.text);
  return words.join(' ');
}

/** The paths of the words within a span near a paragraph (see {@link textInSpan}). */
export function pathsInSpan(editor: Editor, span: { start: number; end: number; paragraph: number }): Path[] {
  const paths: Path[] = [];
  for (const p of [span.paragraph - 1, span.paragraph, span.paragraph + 1]) {
    const turn = editor.children[p] as TurnElement | undefined;
    if (!turn) continue;
    turn.children.forEach((node, c) => {
      const word = wordOf(node);
      if (word && word.text !== '' && within(word, span)) paths.push([p, c]);
    });
  }
  return paths;
}

function leavesOf(turns: readonly Descendant[]): Node[] {
  return turns.flatMap((turn) => (turn as TurnElement).children);
}

function within(word: { start: number; end: number }, span: { start: number; end: number }): boolean {
  return word.start >= span.start - EPSILON && word.end <= span.end + EPSILON;
}

function spanOf(words: readonly { start: number; end: number }[]): { start: number; end: number } {
  return { start: Math.min(...words.map((w) => w.start)), end: Math.max(...words.map((w) => w.end)) };
}

function keyOf(word: SnapshotWord): string {
  return `${word.text}\u0000${word.start}\u0000${word.end}`;
}

// the words an edit took away and the ones it made (a word whose text or times changed is both)
function difference(before: readonly SnapshotWord[], after: readonly SnapshotWord[]): { removed: SnapshotWord[]; added: SnapshotWord[] } {
  const left = new Map<string, number>();
  for (const word of after) left.set(keyOf(word), (left.get(keyOf(word)) ?? 0) + 1);
  const removed: SnapshotWord[] = [];
  for (const word of before) {
    const n = left.get(keyOf(word)) ?? 0;
    if (n > 0) left.set(keyOf(word), n - 1);
    else removed.push(word);
  }
  const kept = new Map<string, number>();
  for (const word of before) kept.set(keyOf(word), (kept.get(keyOf(word)) ?? 0) + 1);
  const added: SnapshotWord[] = [];
  for (const word of after) {
    const n = kept.get(keyOf(word)) ?? 0;
    if (n > 0) kept.set(keyOf(word), n - 1);
    else added.push(word);
  }
  return { removed, added };
}

// an edit belongs to the open correction when it overlaps it, or when no untouched word lies between them
// (`now`: every word of the paragraphs around the edit, read only when the edit does not overlap the correction)
function adjoins(session: Session, touched: { start: number; end: number }, now: () => readonly SnapshotWord[], added: readonly SnapshotWord[]): boolean {
  if (touched.start <= session.end + EPSILON && touched.end >= session.start - EPSILON) return true;
  const lo = Math.min(session.end, touched.end);
  const hi = Math.max(session.start, touched.start);
  return !now().some((word) => !added.includes(word) && !within(word, session) && word.start >= lo - EPSILON && word.end <= hi + EPSILON);
}

// the caret is on a word of the span, or between words on either side of it (where deleted words were)
function caretInside(editor: Editor, span: { start: number; end: number }): boolean {
  const selection = editor.selection;
  if (!selection) return false;
  const point = Range.start(selection);
  const at = wordAtPoint(editor, point);
  if (at) return within(at.word, span);
  if (point.path.length < 2) return false;
  const before = wordBefore(editor, point.path);
  const after = wordAfter(editor, point.path);
  if ((before && within(before.word, span)) || (after && within(after.word, span))) return true;
  return (before === undefined || before.word.end <= span.start + EPSILON) && (after === undefined || after.word.start >= span.end - EPSILON);
}

function normalize(text: string): string {
  return text.trim().split(/\s+/u).join(' ');
}
