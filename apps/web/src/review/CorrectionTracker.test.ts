import { type Editor, Transforms } from 'slate';
import { describe, expect, it } from 'vitest';
import { CorrectionTracker } from './CorrectionTracker.ts';
import { reviewSample } from '../../test/reviewSample.ts';
import { watchUserEdits } from './watchUserEdits.ts';

// the review sample, with the tracker told about every user edit as the workbench tells it
function tracked(): { editor: Editor; tracker: CorrectionTracker; ended: unknown[] } {
  const editor = reviewSample();
  const tracker = new CorrectionTracker(() => 0.6);
  const ended: unknown[] = [];
  watchUserEdits(editor, { willEdit: () => tracker.willEdit(editor), didEdit: () => ended.push(tracker.didEdit(editor)) });
  return { editor, tracker, ended };
}

describe('CorrectionTracker', () => {
  it('reports a correction typed over a flagged word when the caret leaves it', () => {
    const { editor, tracker } = tracked();
    Transforms.select(editor, { anchor: { path: [0, 6], offset: 0 }, focus: { path: [0, 6], offset: 9 } });
    expect(tracker.update(editor)).toBeUndefined();
    editor.insertText('milligrams');
    expect(tracker.update(editor)).toBeUndefined();
    expect(tracker.update(editor)).toBeUndefined();
    Transforms.select(editor, { path: [0, 8], offset: 2 });
    expect(tracker.update(editor)).toEqual({ before: 'milligram', after: 'milligrams', start: 0.9, end: 1.4, conf: 0.2, paragraph: 0 });
    expect(tracker.update(editor)).toBeUndefined();
  });

  it('reports nothing when the word was left unchanged or is not flagged', () => {
    const { editor, tracker } = tracked();
    Transforms.select(editor, { path: [0, 2], offset: 1 });
    tracker.update(editor);
    Transforms.select(editor, { path: [0, 4], offset: 1 });
    expect(tracker.update(editor)).toBeUndefined();
    editor.insertText('x');
    tracker.update(editor);
    Transforms.select(editor, { path: [0, 0], offset: 1 });
    expect(tracker.update(editor)).toBeUndefined();
    expect(tracker.span).toBeUndefined();
  });

  it('counts a word split in two by the correction as one correction', () => {
    const { editor, tracker } = tracked();
    Transforms.select(editor, { path: [0, 2], offset: 2 });
    editor.insertText(' ');
    tracker.update(editor);
    Transforms.select(editor, { path: [1, 0], offset: 0 });
    expect(tracker.update(editor)).toMatchObject({ before: 'took', after: 'to ok' });
  });

  it('takes a word typed over several words as one correction over their whole span', () => {
    const { editor, tracker } = tracked();
    // "five milligram daily": only "milligram" is flagged, the correction covers all three
    Transforms.select(editor, { anchor: { path: [0, 4], offset: 0 }, focus: { path: [0, 8], offset: 5 } });
    for (const letter of 'fivemg') {
      editor.insertText(letter);
      tracker.update(editor);
    }
    expect(tracker.span).toEqual({ start: 0.6, end: 1.9, paragraph: 0 });
    Transforms.select(editor, { path: [0, 0], offset: 1 });
    expect(tracker.update(editor)).toEqual({ before: 'five milligram daily', after: 'fivemg', start: 0.6, end: 1.9, conf: 0.2, paragraph: 0 });
  });

  it('reports a deleted flagged word once the caret moves away, with nothing after it', () => {
    const { editor, tracker } = tracked();
    Transforms.select(editor, { anchor: { path: [0, 2], offset: 0 }, focus: { path: [0, 2], offset: 4 } });
    editor.deleteFragment();
    // right after the edit the caret is where the word was
    expect(tracker.update(editor)).toBeUndefined();
    Transforms.select(editor, { path: [1, 0], offset: 1 });
    expect(tracker.update(editor)).toEqual({ before: 'took', after: '', start: 0.3, end: 0.5, conf: 0.3, paragraph: 0 });
  });

  it('ends the open correction when an edit lands elsewhere, and keeps extending it with edits beside it', () => {
    const { editor, tracker, ended } = tracked();
    Transforms.select(editor, { path: [0, 2], offset: 4 });
    editor.insertText('s');
    Transforms.select(editor, { path: [0, 2], offset: 0 });
    editor.insertText('x');
    expect(ended).toEqual([undefined, undefined]);
    Transforms.select(editor, { path: [1, 4], offset: 4 });
    editor.insertText('!');
    expect(ended.at(-1)).toEqual({ before: 'took', after: 'xtooks', start: 0.3, end: 0.5, conf: 0.3, paragraph: 0 });
    // "then" is flagged: typing into it opened the next correction
    expect(tracker.span).toMatchObject({ start: 3.9, end: 4.1 });
  });

  it('forgets the open correction on reset (undo, redo)', () => {
    const { editor, tracker } = tracked();
    Transforms.select(editor, { path: [0, 2], offset: 4 });
    editor.insertText('s');
    tracker.reset();
    Transforms.select(editor, { path: [1, 0], offset: 1 });
    expect(tracker.update(editor)).toBeUndefined();
  });
});
