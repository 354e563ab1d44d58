import { type Editor, Node, Range } from 'slate';
import { trimRange } from '../editor/insertTranscriptText.ts';
import { wordOf } from '../editor/transcriptTypes.ts';
import type { LocatedWord } from '../editor/neighbourWords.ts';
import { wordAtPoint } from '../editor/wordAtPoint.ts';
import type { IndexedWord } from '../waveform/WordTimeIndex.ts';

/** The word a review command acts on: the one under the caret (a selected word counts as the caret on it), else `playing`. */
export function targetWord(editor: Editor, playing: IndexedWord | undefined): LocatedWord | undefined {
  const selection = editor.selection;
  if (selection) {
    const start = Range.start(Range.isExpanded(selection) ? trimRange(editor, selection) : selection);
    const at = wordAtPoint(editor, start);
    if (at) return at;
  }
  if (playing && Node.has(editor, playing.path)) {
    const word = wordOf(Node.get(editor, playing.path));
    if (word) return { word, path: playing.path };
  }
  return undefined;
}
