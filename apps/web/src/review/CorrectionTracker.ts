import type { Editor, Path } from 'slate';
import { type TurnElement, wordOf } from '../editor/transcriptTypes.ts';
import { wordAtPoint } from '../editor/wordAtPoint.ts';
import { isFlagged } from './isFlagged.ts';

/** A flagged word someone typed over, found when the caret left it. */
export interface Correction {
  /** The word's text when the caret reached it. */
  before: string;
  /** Its text (the words now within its time span) when the caret left it. */
  after: string;
  start: number;
  end: number;
  /** The original word's confidence. */
  conf: number;
  /** Paragraph index where it was. */
  paragraph: number;
}

interface Watched {
  before: string;
  start: number;
  end: number;
  conf: number;
  paragraph: number;
}

/**
 * Notices corrections typed over flagged words: it remembers a flagged word's text when the caret enters it, and
 * when the caret leaves reports the correction if the text changed. Words are followed by their time span, which
 * edits inside a word keep.
 */
export class CorrectionTracker {
  #watched: Watched | undefined;
  readonly #threshold: () => number;

  constructor(threshold: () => number) {
    this.#threshold = threshold;
  }

  /** The word being watched, if any (its text when the caret reached it). */
  get watched(): Readonly<Watched> | undefined {
    return this.#watched;
  }

  /** Call after every change of the editor; returns a correction when the caret just left an edited flagged word. */
  update(editor: Editor): Correction | undefined {
    const selection = editor.selection;
    const at = selection ? wordAtPoint(editor, selection.anchor) : undefined;
    let done: Correction | undefined;
    const watched = this.#watched;
    // the caret is still on the word while it is on any word within its time span (a split keeps the halves there)
    const inside = at && watched && at.word.start >= watched.start && at.word.end <= watched.end && Math.abs(at.path[0]! - watched.paragraph) <= 1;
    if (watched && !inside) {
      this.#watched = undefined;
      const after = textInSpan(editor, watched);
      if (after !== '' && after !== watched.before) done = { ...watched, after };
    }
    if (at && !this.#watched && at.word.reviewed !== true && isFlagged(at.word, this.#threshold())) {
      this.#watched = { before: at.word.text, start: at.word.start, end: at.word.end, conf: at.word.conf, paragraph: at.path[0]! };
    } else if (this.#watched && at) {
      this.#watched.paragraph = at.path[0]!;
    }
    return done;
  }

  /** Forgets the watched word (after an accept, say). */
  reset(): void {
    this.#watched = undefined;
  }
}

/** The words whose times lie within `[start, end]` near paragraph `paragraph`, joined by spaces. */
export function textInSpan(editor: Editor, span: { start: number; end: number; paragraph: number }): string {
  const words: string[] = [];
  for (const p of [span.paragraph - 1, span.paragraph, span.paragraph + 1]) {
    const turn = editor.children[p] as TurnElement | undefined;
    if (!turn) continue;
    for (const node of turn.children) {
      const word = wordOf(node);
      if (word && word.text !== '' && word.start >= span.start && word.end <= span.end) words.push(word.text);
    }
  }
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
      if (word && word.text !== '' && word.start >= span.start && word.end <= span.end) paths.push([p, c]);
    });
  }
  return paths;
}
