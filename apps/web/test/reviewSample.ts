import { createEditor, type Editor } from 'slate';
import { buildTurn } from '../src/editor/buildTurn.ts';
import { withTranscriptTiming } from '../src/editor/withTranscriptTiming.ts';

/**
 * A two-turn transcript editor for the review tests: at threshold 0.6, "took", both "milligram" and "then" are
 * flagged.
 */
export function reviewSample(): Editor {
  const editor = withTranscriptTiming(createEditor());
  editor.children = [
    buildTurn('Anna', [
      ['she', 0, 0.2, 0.9],
      ['took', 0.3, 0.5, 0.3],
      ['five', 0.6, 0.8, 0.9],
      ['milligram', 0.9, 1.4, 0.2],
      ['daily', 1.5, 1.9, 0.95],
    ]),
    buildTurn('Ben', [
      ['two', 3, 3.2, 0.9],
      ['milligram', 3.3, 3.8, 0.4],
      ['then', 3.9, 4.1, 0.59],
    ]),
  ];
  return editor;
}
