// Review decisions kept in step with the editor's undo history, on a real editor bound to a real Y.Doc; the server's
// review routes are stood in for by a store with their semantics (one record per span and action, withdraw, restore).
import { YjsEditor } from '@slate-yjs/core';
import { type Editor, Node, Transforms } from 'slate';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { buildTranscriptDoc, TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { type TurnElement, wordOf } from '../editor/transcriptTypes.ts';
import { createTranscriptEditor, type TranscriptEditor } from '../transcript/createTranscriptEditor.ts';
import { ReviewController } from './ReviewController.ts';
import type { ReviewRecord, ReviewRequest } from './reviewPayloads.ts';
import type { ReviewApi } from './ReviewRecorder.ts';

/** The server's review records: one per span and action; withdrawn ones stand again when recorded again. */
class Reviews implements ReviewApi {
  readonly records: Array<ReviewRecord & { withdrawn: boolean }> = [];
  calls: string[] = [];

  async record(request: ReviewRequest): Promise<ReviewRecord> {
    this.calls.push(`record ${request.action} ${request.before} > ${request.after}`);
    const found = this.records.find((r) => r.action === request.action && r.start === request.start && r.end === request.end);
    if (found) {
      Object.assign(found, request, { withdrawn: false });
      return found;
    }
    const record = { ...request, id: `r${this.records.length + 1}`, transcriptId: 't', userId: 'u1', createdAt: 0, withdrawnAt: null, withdrawn: false };
    this.records.push(record);
    return record;
  }

  async withdraw(reviewId: string): Promise<void> {
    this.calls.push(`withdraw ${reviewId}`);
    this.records.find((r) => r.id === reviewId)!.withdrawn = true;
  }

  /** The standing decisions, as quality counts them. */
  get standing(): string[] {
    return this.records.filter((r) => !r.withdrawn).map((r) => `${r.action} ${r.before} > ${r.after} @${r.start}-${r.end}`);
  }
}

// "she took five real firea tion daily", flagged below 0.6: took, real, firea, tion
const WORDS = [
  { text: 'she', start: 0, end: 0.2, confidence: 0.9 },
  { text: 'took', start: 0.3, end: 0.5, confidence: 0.3 },
  { text: 'five', start: 0.6, end: 0.8, confidence: 0.9 },
  { text: 'real', start: 5.68, end: 5.9, confidence: 0.3 },
  { text: 'firea', start: 6, end: 6.2, confidence: 0.2 },
  { text: 'tion', start: 6.32, end: 6.52, confidence: 0.4 },
  { text: 'daily', start: 7, end: 7.4, confidence: 0.95 },
];

const disposables: Array<{ dispose(): void }> = [];
afterEach(() => disposables.splice(0).forEach((d) => d.dispose()));

function open(words = WORDS): { editor: TranscriptEditor; reviews: Reviews; controller: ReviewController; doc: Y.Doc } {
  const doc = buildTranscriptDoc(new Y.Doc(), [{ speaker: 'Ann', start: words[0]!.start, end: words.at(-1)!.end, words }]);
  const editor = createTranscriptEditor(doc.get(TRANSCRIPT_ROOT, Y.XmlText), new Awareness(doc), { name: 'Ann', color: '#c00', userId: 'u1' });
  YjsEditor.connect(editor);
  const reviews = new Reviews();
  const controller = new ReviewController(editor, { api: reviews, userId: 'u1', canEdit: () => true, threshold: () => 0.6, didChange: () => {}, didFail: (m) => expect.fail(m) });
  // what <Slate onChange> does in the workbench
  const { onChange } = editor;
  editor.onChange = (options) => {
    onChange(options);
    controller.onEditorChange();
  };
  disposables.push(controller, { dispose: () => YjsEditor.disconnect(editor) });
  return { editor, reviews, controller, doc };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const text = (editor: Editor) => Node.string(editor.children[0]!);
const pathOf = (editor: Editor, word: string) => [0, (editor.children[0] as TurnElement).children.findIndex((n) => wordOf(n)?.text === word)];

async function select(editor: Editor, word: string, last = word): Promise<void> {
  const from = pathOf(editor, word);
  const to = pathOf(editor, last);
  Transforms.select(editor, { anchor: { path: from, offset: 0 }, focus: { path: to, offset: Node.string(Node.get(editor, to)).length } });
  await tick();
}

async function type(editor: Editor, typed: string): Promise<void> {
  for (const letter of typed) {
    editor.insertText(letter);
    await tick();
  }
}

// the caret on another word, away from the correction
async function leave(editor: Editor, to = 'five'): Promise<void> {
  Transforms.select(editor, { path: pathOf(editor, to), offset: 1 });
  await tick();
  await tick();
}

describe('ReviewController', () => {
  it('records a word typed over several flagged words with their whole span, once, and marks it reviewed', async () => {
    const { editor, reviews, controller } = open();
    await select(editor, 'real', 'tion');
    await type(editor, 'fibrillation');
    expect(reviews.calls).toEqual([]);
    await leave(editor);
    await controller.settled;
    expect(text(editor)).toBe('she took five fibrillation daily');
    expect(reviews.standing).toEqual(['correct real firea tion > fibrillation @5.68-6.52']);
    expect(wordOf(Node.get(editor, pathOf(editor, 'fibrillation')))).toMatchObject({ start: 5.68, end: 6.52, origin: 'human', reviewed: true, reviewedBy: 'u1' });
  });

  it('withdraws a correction on undo and restores it on redo, as one step with its edit', async () => {
    const { editor, reviews, controller } = open();
    await select(editor, 'took');
    await type(editor, 'looked');
    await leave(editor);
    await controller.settled;
    expect(reviews.standing).toEqual(['correct took > looked @0.3-0.5']);

    controller.undo();
    await controller.settled;
    // the text and the record go back together
    expect(text(editor)).toBe('she took five real firea tion daily');
    expect(reviews.standing).toEqual([]);
    controller.redo();
    await tick();
    await controller.settled;
    expect(text(editor)).toBe('she looked five real firea tion daily');
    expect(wordOf(Node.get(editor, pathOf(editor, 'looked')))).toMatchObject({ reviewed: true });
    expect(reviews.standing).toEqual(['correct took > looked @0.3-0.5']);
    // the same record, recorded once
    expect(reviews.records).toHaveLength(1);
  });

  it('loses no redo step: six corrections undone and redone give back all six, each recorded once', async () => {
    const { editor, reviews, controller } = open();
    const edits: Array<[string, string]> = [['took', 'took it'], ['real', 'rial'], ['firea', 'fire'], ['tion', 'shun'], ['she', 'he'], ['daily', 'nightly']];
    for (const [word, typed] of edits) {
      await select(editor, word);
      await type(editor, typed);
      // away from the word (and past the capture time of the undo manager, as a person is)
      Transforms.select(editor, { path: pathOf(editor, 'five'), offset: 1 });
      await tick();
      editor.undoManager.stopCapturing();
    }
    await controller.settled;
    const corrected = text(editor);
    expect(corrected).toBe('he took it five rial fire shun nightly');
    // "she" and "daily" were not flagged: no review, but they are undo steps like the others
    expect(reviews.standing).toHaveLength(4);

    for (let i = 0; i < 6; i++) {
      controller.undo();
      await tick();
    }
    await controller.settled;
    expect(text(editor)).toBe('she took five real firea tion daily');
    expect(reviews.standing).toEqual([]);
    for (let i = 0; i < 6; i++) {
      controller.redo();
      await tick();
    }
    await controller.settled;
    expect(text(editor)).toBe(corrected);
    expect(reviews.standing).toHaveLength(4);
    expect(reviews.records).toHaveLength(4);
    expect(editor.undoManager.redoStack).toHaveLength(0);
  });

  it('undoes and redoes corrections over several words without losing a step', async () => {
    const { editor, reviews, controller } = open();
    await select(editor, 'real', 'tion');
    await type(editor, 'fibrillation');
    await leave(editor);
    editor.undoManager.stopCapturing();
    await select(editor, 'she', 'took');
    await type(editor, 'shook');
    await leave(editor);
    await controller.settled;
    const corrected = text(editor);
    expect(corrected).toBe('shook five fibrillation daily');
    expect(reviews.standing).toHaveLength(2);
    for (let round = 0; round < 2; round++) {
      controller.undo();
      await tick();
      controller.undo();
      await tick();
      await controller.settled;
      expect(text(editor)).toBe('she took five real firea tion daily');
      expect(reviews.standing).toEqual([]);
      controller.redo();
      await tick();
      controller.redo();
      await tick();
      await controller.settled;
      expect(text(editor)).toBe(corrected);
      expect(reviews.standing).toEqual(['correct real firea tion > fibrillation @5.68-6.52', 'correct she took > shook @0-0.5']);
    }
    expect(wordOf(Node.get(editor, pathOf(editor, 'fibrillation')))).toMatchObject({ start: 5.68, end: 6.52, reviewed: true });
  });

  it('records the deletion of a flagged word, withdrawn on undo', async () => {
    const { editor, reviews, controller } = open();
    await select(editor, 'firea');
    editor.deleteFragment();
    await tick();
    await leave(editor);
    await controller.settled;
    expect(text(editor)).toMatch(/^she took five real\s+tion daily$/);
    expect(reviews.standing).toEqual(['correct firea >  @6-6.2']);
    controller.undo();
    await controller.settled;
    expect(text(editor)).toContain('firea');
    expect(reviews.standing).toEqual([]);
  });

  it('withdraws an accept on undo and restores it on redo; a new decision after undo starts a new history', async () => {
    const { editor, reviews, controller } = open();
    controller.accept(pathOf(editor, 'took'));
    await controller.settled;
    expect(reviews.standing).toEqual(['accept took > took @0.3-0.5']);
    controller.undo();
    await controller.settled;
    expect(wordOf(Node.get(editor, pathOf(editor, 'took')))).not.toHaveProperty('reviewed');
    expect(reviews.standing).toEqual([]);
    controller.redo();
    await controller.settled;
    expect(reviews.standing).toEqual(['accept took > took @0.3-0.5']);
    controller.undo();
    controller.accept(pathOf(editor, 'tion'));
    await controller.settled;
    expect(reviews.standing).toEqual(['accept tion > tion @6.32-6.52']);
    expect(editor.undoManager.redoStack).toHaveLength(0);
  });

  it('records Fix All as one step, undone and redone together', async () => {
    const { editor, reviews, controller } = open([
      { text: 'five', start: 0, end: 0.3, confidence: 0.9 },
      { text: 'milligram', start: 0.4, end: 0.9, confidence: 0.2 },
      { text: 'then', start: 1, end: 1.2, confidence: 0.9 },
      { text: 'milligram', start: 1.3, end: 1.8, confidence: 0.3 },
      { text: 'milligram', start: 2, end: 2.5, confidence: 0.4 },
    ]);
    await select(editor, 'milligram');
    await type(editor, 'mg');
    await leave(editor);
    expect(controller.lastCorrection).toMatchObject({ before: 'milligram', after: 'mg' });
    expect(controller.fixAll()).toHaveLength(2);
    await controller.settled;
    expect(text(editor)).toBe('five mg then mg mg');
    expect(reviews.standing).toHaveLength(3);
    controller.undo();
    await controller.settled;
    expect(text(editor)).toBe('five mg then milligram milligram');
    expect(reviews.standing).toEqual(['correct milligram > mg @0.4-0.9']);
    controller.redo();
    await controller.settled;
    expect(reviews.standing).toHaveLength(3);
  });
});

