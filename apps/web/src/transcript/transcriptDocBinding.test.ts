import { CursorEditor, YjsEditor, yTextToSlateElement } from '@slate-yjs/core';
import { Node, Transforms } from 'slate';
import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Segment } from '@verbatim/core';
import { buildTranscriptDoc, readTranscriptTurns, TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { type TurnElement, wordOf } from '../editor/transcriptTypes.ts';
import { fixAll } from '../review/fixAll.ts';
import { markReviewed } from '../review/markReviewed.ts';
import { createTranscriptEditor, type TranscriptEditor } from './createTranscriptEditor.ts';
import { twoPeers as connectTwoPeers } from '../../test/twoPeers.ts';

const segments: Segment[] = [
  {
    speaker: 'Interviewer',
    start: 0,
    end: 0.7,
    words: [
      { text: 'how', start: 0, end: 0.2, confidence: 0.95 },
      { text: 'are', start: 0.3, end: 0.4, confidence: 0.9 },
      { text: 'you', start: 0.5, end: 0.7, confidence: 0.4 },
    ],
  },
  {
    speaker: 'Patient',
    start: 1,
    end: 2,
    words: [
      { text: 'five', start: 1, end: 1.3, confidence: 0.8 },
      { text: 'mg', start: 1.4, end: 1.6, confidence: 0.5, origin: 'plugin:medical' },
      { text: 'daily', start: 1.7, end: 2, confidence: 0.3 },
    ],
  },
];

const twoPeers = () => connectTwoPeers(segments);
// past the idle period (at most 100 ms) in which the editor sends its cursor
const idle = () => new Promise((resolve) => setTimeout(resolve, 150));

// the paragraphs as the server reads them back: attributes and runs of the embedded Y.XmlTexts
function yParagraphs(doc: Y.Doc): Array<{ attributes: Record<string, unknown>; runs: Array<{ insert: unknown; attributes?: Record<string, unknown> }> }> {
  return (doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>).map((op) => ({
    attributes: op.insert.getAttributes(),
    runs: op.insert.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>,
  }));
}

describe('the transcript document bound to Slate (@slate-yjs)', () => {
  it('reads the server layout as turns of word leaves with their timing, and writes nothing back', () => {
    const doc = buildTranscriptDoc(new Y.Doc(), segments);
    const before = Y.encodeStateVector(doc);
    const editor = createTranscriptEditor(doc.get(TRANSCRIPT_ROOT, Y.XmlText), new Awareness(doc), { name: 'Ann', color: '#c00', userId: 'ua' });
    YjsEditor.connect(editor);
    expect(editor.children).toEqual([
      {
        type: 'turn',
        speaker: 'Interviewer',
        start: 0,
        children: [{ text: 'how', t: '0 5k qe' }, { text: ' ' }, { text: 'are', t: '8c 2s p0' }, { text: ' ' }, { text: 'you', t: 'dw 5k b4' }],
      },
      {
        type: 'turn',
        speaker: 'Patient',
        start: 1,
        children: [{ text: 'five', t: 'rs 8c m8' }, { text: ' ' }, { text: 'mg', t: '12w 5k dw plugin:medical' }, { text: ' ' }, { text: 'daily', t: '1b8 8c 8c' }],
      },
    ]);
    // read out through core's decoder
    expect((editor.children as TurnElement[]).map((turn) => turn.children.flatMap((n) => wordOf(n) ?? []))).toEqual([
      [
        { text: 'how', start: 0, end: 0.2, conf: 0.95, origin: 'asr' },
        { text: 'are', start: 0.3, end: 0.4, conf: 0.9, origin: 'asr' },
        { text: 'you', start: 0.5, end: 0.7, conf: 0.4, origin: 'asr' },
      ],
      [
        { text: 'five', start: 1, end: 1.3, conf: 0.8, origin: 'asr' },
        { text: 'mg', start: 1.4, end: 1.6, conf: 0.5, origin: 'plugin:medical' },
        { text: 'daily', start: 1.7, end: 2, conf: 0.3, origin: 'asr' },
      ],
    ]);
    // connecting (and normalising) changed nothing in the shared document
    expect(Y.encodeStateVector(doc)).toEqual(before);
    YjsEditor.disconnect(editor);
  });

  it('syncs a correction typed inside a word to the other peer with its timing, origin human', async () => {
    const { a, b, docB } = twoPeers();
    Transforms.select(a, { path: [1, 4], offset: 5 });
    a.insertText('s');
    YjsEditor.flushLocalChanges(a);
    expect(Node.string(b.children[1]!)).toBe('five mg dailys');
    expect(wordOf(Node.get(b, [1, 4]))).toEqual({ text: 'dailys', start: 1.7, end: 2, conf: 0.3, origin: 'human' });
    const runs = yParagraphs(docB)[1]!.runs;
    expect(runs.at(-1)).toEqual({ insert: 'dailys', attributes: { t: '1b8 8c 8c h' } });
  });

  it('syncs a new word, a split and a merge of turns, and review marks', () => {
    const { a, b, docA } = twoPeers();
    Transforms.select(a, { path: [0, 4], offset: 3 });
    a.insertText(' today');
    YjsEditor.flushLocalChanges(a);
    expect(Node.get(b, [0, 5])).toEqual({ text: ' ' });
    expect(wordOf(Node.get(b, [0, 6]))).toEqual({ text: 'today', start: 0.7, end: 1, conf: 1, origin: 'human' });

    Transforms.select(a, { path: [1, 2], offset: 0 });
    a.insertBreak();
    YjsEditor.flushLocalChanges(a);
    expect(b.children.map((n) => Node.string(n))).toEqual(['how are you today', 'five', 'mg daily']);
    expect(b.children[2]).toMatchObject({ type: 'turn', speaker: 'Patient', start: 1.4 });
    expect(yParagraphs(docA)[2]!.attributes).toEqual({ type: 'turn', speaker: 'Patient', start: 1.4 });

    Transforms.select(b, { path: [2, 0], offset: 0 });
    b.deleteBackward('character');
    YjsEditor.flushLocalChanges(b);
    expect(a.children.map((n) => Node.string(n))).toEqual(['how are you today', 'five mg daily']);

    markReviewed(b, [1, 4], 'ub', 99);
    YjsEditor.flushLocalChanges(b);
    expect(wordOf(Node.get(a, [1, 4]))).toEqual({ text: 'daily', start: 1.7, end: 2, conf: 0.3, origin: 'asr', reviewed: true, reviewedBy: 'ub', reviewedAt: 99 });
    expect(yParagraphs(docA)[1]!.runs.at(-1)!.attributes).toEqual({ t: '1b8 8c 8c', r: 'ub@2r' });
  });

  it('gives one word typed over several the first word\'s start and the last one\'s end, on the other peer and in the document', () => {
    const { a, b, docB } = twoPeers();
    // "[five mg dai]ly" selected and typed over
    Transforms.select(a, { anchor: { path: [1, 0], offset: 0 }, focus: { path: [1, 4], offset: 3 } });
    for (const letter of 'tenly') a.insertText(letter);
    YjsEditor.flushLocalChanges(a);
    expect(Node.string(b.children[1]!)).toBe('tenlyly');
    expect(wordOf(Node.get(b, [1, 0]))).toEqual({ text: 'tenlyly', start: 1, end: 2, conf: 0.3, origin: 'human' });
    expect(readTranscriptTurns(docB)[1]!.words).toEqual([{ text: 'tenlyly', start: 1, end: 2, confidence: 0.3, origin: 'human', reviewed: false }]);
  });

  it('spreads words pasted over several words between the first start and the last end (slate-react\'s paste)', () => {
    const { a, docB } = twoPeers();
    Transforms.select(a, { anchor: { path: [1, 0], offset: 0 }, focus: { path: [1, 4], offset: 5 } });
    const clipboard = { getData: (type: string) => (type === 'text/plain' ? 'ten milligrams\ntwice' : '') } as DataTransfer;
    a.insertData(clipboard);
    YjsEditor.flushLocalChanges(a);
    const words = readTranscriptTurns(docB)[1]!.words;
    expect(words.map((w) => w.text)).toEqual(['ten', 'milligrams', 'twice']);
    expect(words[0]!.start).toBe(1);
    expect(words[2]!.end).toBe(2);
    words.forEach((w, i) => {
      expect(w.start).toBeLessThanOrEqual(w.end);
      if (i > 0) expect(w.start).toBe(words[i - 1]!.end);
    });
  });

  it('sends the caret of a split once the split is in the shared document, not in between (where it would throw)', async () => {
    const { a } = twoPeers();
    Transforms.select(a, { path: [1, 2], offset: 0 });
    await Promise.resolve();
    a.insertBreak();
    // the focus coming back to the editor in the same task asks for the cursor before Slate's onChange flushed the split
    expect(() => CursorEditor.sendCursorPosition(a)).not.toThrow();
    await idle();
    const sent = (a.awareness.getLocalState() as { selection?: { anchor: unknown } } | null)?.selection;
    expect(sent).toBeTruthy();
    expect(a.selection?.anchor.path).toEqual([2, 0]);
  });

  it('sends the cursor after the keystroke, once, with the selection as it is then', async () => {
    const { a } = twoPeers();
    const positions = () => (a.awareness.getLocalState() as { selection?: unknown } | null)?.selection;
    Transforms.select(a, { path: [0, 0], offset: 1 });
    await idle();
    const first = positions();
    expect(first).toBeTruthy();
    let updates = 0;
    a.awareness.on('update', () => updates++);
    // three moves in one task: nothing is sent before the idle period, then one update
    Transforms.select(a, { path: [0, 0], offset: 2 });
    Transforms.select(a, { path: [0, 0], offset: 3 });
    Transforms.select(a, { path: [1, 0], offset: 1 });
    await Promise.resolve();
    expect(positions()).toEqual(first);
    await idle();
    expect(positions()).not.toEqual(first);
    const sent = positions() as { anchor: Y.RelativePosition };
    const absolute = Y.createAbsolutePositionFromRelativePosition(sent.anchor, a.sharedRoot.doc!);
    expect(absolute?.type).toBe((a.sharedRoot.toDelta() as Array<{ insert: unknown }>)[1]!.insert);
    expect(updates).toBe(1);
  });

  it('undoes only this user\'s own changes (Y.UndoManager per user)', () => {
    const { a, b } = twoPeers();
    Transforms.select(a, { path: [0, 0], offset: 3 });
    a.insertText('dy');
    YjsEditor.flushLocalChanges(a);
    Transforms.select(b, { path: [1, 0], offset: 4 });
    b.insertText('!');
    YjsEditor.flushLocalChanges(b);
    expect(a.children.map((n) => Node.string(n))).toEqual(['howdy are you', 'five! mg daily']);
    a.undo();
    expect(a.children.map((n) => Node.string(n))).toEqual(['how are you', 'five! mg daily']);
    expect(b.children.map((n) => Node.string(n))).toEqual(['how are you', 'five! mg daily']);
    // the undone word is the original again, timing and origin included
    expect((b.children[0] as TurnElement).children[0]).toEqual({ text: 'how', t: '0 5k qe' });
    a.redo();
    expect(Node.string(b.children[0]!)).toBe('howdy are you');
  });

  it('converges when both peers edit the same paragraph at once', () => {
    const docA = buildTranscriptDoc(new Y.Doc(), segments);
    const docB = new Y.Doc();
    Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA));
    const a = createTranscriptEditor(docA.get(TRANSCRIPT_ROOT, Y.XmlText), new Awareness(docA), { name: 'Ann', color: '#c00', userId: 'ua' });
    const b = createTranscriptEditor(docB.get(TRANSCRIPT_ROOT, Y.XmlText), new Awareness(docB), { name: 'Bob', color: '#00c', userId: 'ub' });
    YjsEditor.connect(a);
    YjsEditor.connect(b);
    // offline edits, then exchange
    Transforms.select(a, { path: [1, 0], offset: 4 });
    a.insertText('teen');
    Transforms.select(b, { path: [1, 4], offset: 0 });
    b.insertText('twice ');
    YjsEditor.flushLocalChanges(a);
    YjsEditor.flushLocalChanges(b);
    Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA, Y.encodeStateVector(docB)));
    Y.applyUpdate(docA, Y.encodeStateAsUpdate(docB, Y.encodeStateVector(docA)));
    expect(a.children).toEqual(b.children);
    expect(Node.string(a.children[1]!)).toBe('fiveteen mg twice daily');
    expect(wordOf(Node.get(a, [1, 0]))).toMatchObject({ text: 'fiveteen', start: 1, end: 1.3, origin: 'human' });
  });

  it('keeps the shared document equal to the editor through every timing transform', () => {
    const { a, b, docA } = twoPeers();
    const inSync = () => {
      YjsEditor.flushLocalChanges(a);
      expect(yTextToSlateElement(docA.get(TRANSCRIPT_ROOT, Y.XmlText)).children).toEqual(a.children);
      expect(b.children).toEqual(a.children);
    };
    Transforms.select(a, { path: [1, 4], offset: 2 });
    a.insertText(' ');
    inSync();
    Transforms.select(a, { path: [0, 2], offset: 1 });
    a.insertBreak();
    inSync();
    Transforms.select(a, { path: [2, 0], offset: 4 });
    a.insertText(' and then\nsome');
    inSync();
    Transforms.select(a, { path: [2, 2], offset: 0 });
    a.deleteBackward('character');
    inSync();
    Transforms.select(a, { anchor: { path: [0, 0], offset: 0 }, focus: { path: [0, 0], offset: 3 } });
    a.insertText('who');
    inSync();
    fixAll(a, 'you', 'ye', 0.6, 'ua', 1);
    inSync();
    expect(a.children.map((n) => Node.string(n))).toEqual(['who a', 're ye', 'fiveand then some mg da ily']);
  });
});
