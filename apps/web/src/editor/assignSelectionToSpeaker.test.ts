import { buildTranscriptDoc, readTranscriptTurns, TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { YjsEditor } from '@slate-yjs/core';
import { createEditor, type Editor, Node, type Point } from 'slate';
import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createTranscriptEditor, type TranscriptEditor } from '../transcript/createTranscriptEditor.ts';
import { assignSelectionToSpeaker } from './assignSelectionToSpeaker.ts';
import { buildTurn } from './buildTurn.ts';
import { listSpeakers } from './listSpeakers.ts';
import { markReviewed } from '../review/markReviewed.ts';
import { renameSpeakerEverywhere } from './renameSpeakerEverywhere.ts';
import { type TurnElement, wordOf } from './transcriptTypes.ts';

// one turn of Speaker 1: "so what did you find yeah mostly noise" (word i at i .. i + 0.4 s)
const WORDS = ['so', 'what', 'did', 'you', 'find', 'yeah', 'mostly', 'noise'];
function editorOf(): Editor {
  const editor = createEditor();
  editor.children = [buildTurn('Speaker 1', WORDS.map((w, i) => [w, i, i + 0.4] as const))];
  return editor;
}
// the leaf of word i in a one-turn layout (words at even child indexes)
const at = (word: number, offset = 0, turn = 0): Point => ({ path: [turn, word * 2], offset });
const turns = (editor: Editor) => (editor.children as TurnElement[]).map((t) => [t.speaker, Node.string(t), t.start]);
const timings = (editor: Editor) => (editor.children as TurnElement[]).flatMap((t) => t.children.flatMap((n) => wordOf(n) ?? []).map((w) => [w.text, w.start, w.end, w.conf]));

describe('assignSelectionToSpeaker', () => {
  it('splits a turn around the selection and gives the middle to the speaker, timings untouched', () => {
    const editor = editorOf();
    const before = timings(editor);
    // "yeah" selected by double-click (the whole leaf)
    expect(assignSelectionToSpeaker(editor, { anchor: at(5), focus: at(5, 4) }, ' Speaker 2 ')).toEqual({ first: 1, last: 1 });
    expect(turns(editor)).toEqual([
      ['Speaker 1', 'so what did you find', 0],
      ['Speaker 2', 'yeah', 5],
      ['Speaker 1', 'mostly noise', 6],
    ]);
    expect(timings(editor)).toEqual(before);
  });

  it('takes whole words when the selection starts or ends inside one, and a backwards selection as well', () => {
    const editor = editorOf();
    assignSelectionToSpeaker(editor, { anchor: at(4, 2), focus: at(2, 1) }, 'Ana');
    expect(turns(editor)).toEqual([
      ['Speaker 1', 'so what', 0],
      ['Ana', 'did you find', 2],
      ['Speaker 1', 'yeah mostly noise', 5],
    ]);
  });

  it('assigns the end of one turn and the start of the next without splitting more than needed', () => {
    const editor = createEditor();
    editor.children = [buildTurn('Speaker 1', [['one', 0, 1], ['two', 1, 2]]), buildTurn('Speaker 2', [['three', 3, 4], ['four', 4, 5]])];
    assignSelectionToSpeaker(editor, { anchor: { path: [0, 2], offset: 0 }, focus: { path: [1, 0], offset: 5 } }, 'Speaker 3');
    expect(turns(editor)).toEqual([
      ['Speaker 1', 'one', 0],
      ['Speaker 3', 'two', 1],
      ['Speaker 3', 'three', 3],
      ['Speaker 2', 'four', 4],
    ]);
    // a whole turn: no split at all
    const whole = createEditor();
    whole.children = [buildTurn('Speaker 1', [['one', 0, 1]]), buildTurn('Speaker 2', [['two', 1, 2]])];
    assignSelectionToSpeaker(whole, { anchor: { path: [1, 0], offset: 0 }, focus: { path: [1, 0], offset: 3 } }, 'Speaker 1');
    expect(turns(whole)).toEqual([
      ['Speaker 1', 'one', 0],
      ['Speaker 1', 'two', 1],
    ]);
  });

  it('does nothing for an empty name or a selection between words', () => {
    const editor = editorOf();
    expect(assignSelectionToSpeaker(editor, { anchor: at(5), focus: at(5, 4) }, '  ')).toBeUndefined();
    // a caret at the end of "you" and the start of the space after it: no word
    expect(assignSelectionToSpeaker(editor, { anchor: at(3, 3), focus: { path: [0, 7], offset: 1 } }, 'Ana')).toBeUndefined();
    expect(editor.children).toHaveLength(1);
  });
});

// Two people editing one transcript through Yjs, updates exchanged at once: what one does with speakers the other
// sees, and undo/redo of it is one step that both see, with reviews and timings intact.
describe('speaker edits in a shared transcript', () => {
  function pair(): { a: TranscriptEditor; b: TranscriptEditor; docs: Y.Doc[]; dispose: () => void } {
    const origin = buildTranscriptDoc(new Y.Doc(), [
      { speaker: 'Speaker 1', start: 0, end: 8, words: WORDS.map((text, i) => ({ text, start: i, end: i + 0.4, confidence: 0.8 })) },
      { speaker: 'Speaker 2', start: 9, end: 11, words: [{ text: 'right', start: 9, end: 9.4, confidence: 0.9 }, { text: 'okay', start: 10, end: 10.4, confidence: 0.9 }] },
    ]);
    const docs = [new Y.Doc(), new Y.Doc()];
    for (const doc of docs) Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin));
    const [x, y] = docs as [Y.Doc, Y.Doc];
    x.on('update', (u: Uint8Array, o: unknown) => o !== 'net' && Y.applyUpdate(y, u, 'net'));
    y.on('update', (u: Uint8Array, o: unknown) => o !== 'net' && Y.applyUpdate(x, u, 'net'));
    const editors = docs.map((doc, i) => {
      const editor = createTranscriptEditor(doc.get(TRANSCRIPT_ROOT, Y.XmlText), new Awareness(doc), { name: `u${i}`, color: '#000', userId: `u${i}` });
      YjsEditor.connect(editor);
      return editor;
    });
    return { a: editors[0]!, b: editors[1]!, docs, dispose: () => editors.forEach((e) => YjsEditor.disconnect(e)) };
  }
  // as TranscriptActions runs an edit: its own undo step, sent to the document at once
  const step = (editor: TranscriptEditor, edit: () => void) => {
    editor.undoManager.stopCapturing();
    edit();
    YjsEditor.flushLocalChanges(editor);
    editor.undoManager.stopCapturing();
  };
  const speakersOf = (doc: Y.Doc) => readTranscriptTurns(doc).map((t) => [t.speaker, t.words.map((w) => w.text).join(' ')]);

  it('assigning a selection is one undoable, redoable step both people see, reviews kept', async () => {
    const { a, b, docs, dispose } = pair();
    try {
      step(b, () => markReviewed(b, [0, 10], 'u1', 1_790_000_000_000)); // "yeah" reviewed by the other person
      await Promise.resolve();
      const original = speakersOf(docs[0]!);
      step(a, () => assignSelectionToSpeaker(a, { anchor: at(5), focus: at(5, 4) }, 'Speaker 2'));
      await Promise.resolve();
      const assigned = [['Speaker 1', 'so what did you find'], ['Speaker 2', 'yeah'], ['Speaker 1', 'mostly noise'], ['Speaker 2', 'right okay']];
      expect(speakersOf(docs[0]!)).toEqual(assigned);
      expect(speakersOf(docs[1]!)).toEqual(assigned);
      expect(listSpeakers(b.children)).toEqual([{ name: 'Speaker 1', turns: 2 }, { name: 'Speaker 2', turns: 2 }]);
      const yeah = readTranscriptTurns(docs[1]!)[1]!.words[0]!;
      expect([yeah.start, yeah.end, yeah.reviewedBy]).toEqual([5, 5.4, 'u1']);

      a.undo();
      YjsEditor.flushLocalChanges(a);
      await Promise.resolve();
      expect(speakersOf(docs[1]!)).toEqual(original);
      expect(readTranscriptTurns(docs[1]!)[0]!.words[5]!.reviewedBy).toBe('u1');
      a.redo();
      YjsEditor.flushLocalChanges(a);
      await Promise.resolve();
      expect(speakersOf(docs[1]!)).toEqual(assigned);
    } finally {
      dispose();
    }
  });

  it('merging one speaker into another is one undoable, redoable step both people see', async () => {
    const { a, b, docs, dispose } = pair();
    try {
      step(a, () => assignSelectionToSpeaker(a, { anchor: at(5), focus: at(5, 4) }, 'Speaker 3'));
      step(b, () => renameSpeakerEverywhere(b, 'Speaker 3', 'Speaker 2'));
      await Promise.resolve();
      expect(listSpeakers(a.children)).toEqual([{ name: 'Speaker 1', turns: 2 }, { name: 'Speaker 2', turns: 2 }]);
      b.undo();
      YjsEditor.flushLocalChanges(b);
      await Promise.resolve();
      expect(listSpeakers(a.children).map((s) => s.name)).toEqual(['Speaker 1', 'Speaker 3', 'Speaker 2']);
      b.redo();
      YjsEditor.flushLocalChanges(b);
      await Promise.resolve();
      expect(speakersOf(docs[0]!)).toEqual(speakersOf(docs[1]!));
      expect(listSpeakers(a.children).map((s) => s.name)).toEqual(['Speaker 1', 'Speaker 2']);
    } finally {
      dispose();
    }
  });
});
