import type { CreateVerifiedSpanBody } from '@verbatim/core/api';
import { Editor, Node, type Path, Range } from 'slate';
import { isTurn, wordOf } from '../../editor/transcriptTypes.ts';

/** What a "Mark … Verified" command covers: the turn at the caret, the selected words, or the whole transcript. */
export type VerifyScope = 'turn' | 'selection' | 'transcript';

/** The words a verify command covers, with the time span the server records. */
export interface VerifiedStretch {
  readonly scope: VerifyScope;
  /** Seconds: the first word's start. */
  readonly start: number;
  /** Seconds: the last word's end. */
  readonly end: number;
  /** The word leaves, in reading order. */
  readonly paths: readonly Path[];
  /** What `POST /api/transcripts/:id/verified-spans` is sent: the transcript, the turn by index, or the time span. */
  readonly body: CreateVerifiedSpanBody;
}

/**
 * The stretch of words `scope` names in `editor` now: for 'turn' the paragraph holding the caret (else the one of
 * `fallback`, the word being played), for 'selection' the words the selection touches, for 'transcript' every word.
 * Answers a sentence saying why when there is nothing to verify.
 *
 * @example
 * const stretch = verifiedStretch(editor, 'turn');
 * if (typeof stretch === 'string') notify('info', stretch);
 */
export function verifiedStretch(editor: Editor, scope: VerifyScope, fallback?: Path): VerifiedStretch | string {
  const paths: Path[] = [];
  const selection = editor.selection;
  if (scope === 'selection') {
    if (!selection || Range.isCollapsed(selection)) return 'Select the words to mark verified (or use Mark Turn Verified).';
    for (const [node, path] of Editor.nodes(editor, { at: selection, match: (n) => wordOf(n) !== undefined })) {
      if (wordOf(node)) paths.push(path);
    }
  } else if (scope === 'turn') {
    const index = selection ? Range.start(selection).path[0] : fallback?.[0];
    const turn = index === undefined ? undefined : editor.children[index];
    if (index === undefined || !isTurn(turn)) return 'Put the caret in the turn to mark verified.';
    turn.children.forEach((child, i) => wordOf(child) && paths.push([index, i]));
  } else {
    editor.children.forEach((turn, t) => isTurn(turn) && turn.children.forEach((child, i) => wordOf(child) && paths.push([t, i])));
  }
  if (paths.length === 0) return scope === 'transcript' ? 'This transcript has no words to verify.' : 'There are no words there to verify.';
  const first = wordOf(Node.get(editor, paths[0]!))!;
  const last = wordOf(Node.get(editor, paths.at(-1)!))!;
  const start = first.start;
  const end = Math.max(first.end, last.end);
  const body: CreateVerifiedSpanBody =
    scope === 'transcript'
      ? { scope }
      : scope === 'turn'
        ? // its times too: the server may not have this editor's latest split or merge yet, so the index alone could name another turn
          { scope, turn: paths[0]![0]!, startMs: Math.round(start * 1000), endMs: Math.round(end * 1000) }
        : { scope: 'span', startMs: Math.round(start * 1000), endMs: Math.round(end * 1000) };
  return { scope, start, end, paths, body };
}
