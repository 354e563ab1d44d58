import { type Editor, Transforms } from 'slate';
import { isTurn, type TurnElement } from './transcriptTypes.ts';

/** Options of {@link renameSpeaker}. */
export interface RenameSpeakerOptions {
  /**
   * Also rename the paragraphs next to it that carry the same speaker (the rest of a long turn). Off by default:
   * without diarization every paragraph is "Speaker 1", and naming one must not name them all.
   */
  wholeTurn?: boolean;
}

/** Sets the speaker of paragraph `index` (and with `wholeTurn`, of its neighbours of the same turn). Returns how many paragraphs changed. */
export function renameSpeaker(editor: Editor, index: number, speaker: string, options: RenameSpeakerOptions = {}): number {
  const turn = editor.children[index];
  const name = speaker.trim();
  if (!isTurn(turn) || name === '' || turn.speaker === name) return 0;
  const old = turn.speaker;
  const same = (i: number) => isTurn(editor.children[i]) && (editor.children[i] as TurnElement).speaker === old;
  let first = index;
  let last = index;
  if (options.wholeTurn) {
    while (first > 0 && same(first - 1)) first--;
    while (last + 1 < editor.children.length && same(last + 1)) last++;
  }
  editor.withoutNormalizing(() => {
    for (let i = first; i <= last; i++) Transforms.setNodes(editor, { speaker: name }, { at: [i] });
  });
  return last - first + 1;
}
