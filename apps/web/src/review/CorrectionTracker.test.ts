import { Transforms } from 'slate';
import { describe, expect, it } from 'vitest';
import { CorrectionTracker } from './CorrectionTracker.ts';
import { reviewSample } from './reviewSample.ts';

describe('CorrectionTracker', () => {
  it('reports a correction typed over a flagged word when the caret leaves it', () => {
    const editor = reviewSample();
    const tracker = new CorrectionTracker(() => 0.6);
    Transforms.select(editor, { anchor: { path: [0, 6], offset: 0 }, focus: { path: [0, 6], offset: 9 } });
    expect(tracker.update(editor)).toBeUndefined();
    editor.insertText('milligrams');
    expect(tracker.update(editor)).toBeUndefined();
    Transforms.select(editor, { path: [0, 8], offset: 2 });
    expect(tracker.update(editor)).toEqual({ before: 'milligram', after: 'milligrams', start: 0.9, end: 1.4, conf: 0.2, paragraph: 0 });
    expect(tracker.update(editor)).toBeUndefined();
  });

  it('reports nothing when the word was left unchanged or is not flagged', () => {
    const editor = reviewSample();
    const tracker = new CorrectionTracker(() => 0.6);
    Transforms.select(editor, { path: [0, 2], offset: 1 });
    tracker.update(editor);
    Transforms.select(editor, { path: [0, 4], offset: 1 });
    expect(tracker.update(editor)).toBeUndefined();
    editor.insertText('x');
    Transforms.select(editor, { path: [0, 0], offset: 1 });
    expect(tracker.update(editor)).toBeUndefined();
  });

  it('counts a word split in two by the correction as one correction', () => {
    const editor = reviewSample();
    const tracker = new CorrectionTracker(() => 0.6);
    Transforms.select(editor, { path: [0, 2], offset: 4 });
    tracker.update(editor);
    Transforms.select(editor, { path: [0, 2], offset: 2 });
    editor.insertText(' ');
    tracker.update(editor);
    Transforms.select(editor, { path: [1, 0], offset: 0 });
    expect(tracker.update(editor)).toMatchObject({ before: 'took', after: 'to ok' });
  });
});
