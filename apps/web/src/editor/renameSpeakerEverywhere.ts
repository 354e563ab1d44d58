import { type Editor, Transforms } from 'slate';
import { isTurn } from './transcriptTypes.ts';

/**
 * Gives every paragraph of speaker `from` the name `to` (trimmed), in one batch of operations: renaming a speaker
 * throughout, or, when `to` is another speaker's name, merging `from` into that speaker. Returns how many paragraphs
 * changed (0 for an empty or unchanged name).
 *
 * @example
 * renameSpeakerEverywhere(editor, 'Speaker 2', 'Dr. Okafor') // every turn of Speaker 2
 */
export function renameSpeakerEverywhere(editor: Editor, from: string, to: string): number {
  const name = to.trim();
  if (name === '' || name === from) return 0;
  let changed = 0;
  editor.withoutNormalizing(() => {
    editor.children.forEach((node, i) => {
      if (!isTurn(node) || node.speaker !== from) return;
      Transforms.setNodes(editor, { speaker: name }, { at: [i] });
      changed++;
    });
  });
  return changed;
}
