// Verified marks kept in step with the editor's undo history, on a real editor bound to a real Y.Doc; the server's
// verified-span routes are stood in for by a store with their semantics (add answers an id, remove deletes it).
import { YjsEditor } from '@slate-yjs/core';
import { type Editor, Node, Transforms } from 'slate';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { buildTranscriptDoc, TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { type TurnElement, wordOf } from '../../editor/transcriptTypes.ts';
import { createTranscriptEditor, type TranscriptEditor } from '../../transcript/createTranscriptEditor.ts';
import type { CreateVerifiedSpanBody } from '@verbatim/core/api';
import { type VerifiedApi, VerifiedRecorder } from './VerifiedRecorder.ts';
import { verifiedStretch } from './verifiedStretch.ts';

const describeBody = (b: CreateVerifiedSpanBody) => (b.scope === 'transcript' ? 'transcript' : b.scope === 'turn' ? `turn ${b.turn}` : `${b.startMs}-${b.endMs}`);

class Spans implements VerifiedApi {
  readonly stored = new Map<number, CreateVerifiedSpanBody>();
  readonly calls: string[] = [];
  #next = 1;

  async add(body: CreateVerifiedSpanBody): Promise<{ id: number }> {
    const id = this.#next++;
    this.calls.push(`add ${describeBody(body)}`);
    this.stored.set(id, body);
    return { id };
  }

  async remove(id: number): Promise<void> {
    this.calls.push(`remove ${id}`);
    if (!this.stored.delete(id)) throw new Error(`no span ${id}`);
  }

  get spans(): string[] {
    return [...this.stored.values()].map(describeBody);
  }
}

const TURNS = [
  { speaker: 'Ann', start: 0, end: 0.8, words: [
    { text: 'she', start: 0, end: 0.2, confidence: 0.9 },
    { text: 'took', start: 0.3, end: 0.5, confidence: 0.3 },
    { text: 'five', start: 0.6, end: 0.8, confidence: 0.9 },
  ] },
  { speaker: 'Bob', start: 1, end: 2.4, words: [
    { text: 'real', start: 1, end: 1.2, confidence: 0.3 },
    { text: 'firea', start: 1.5, end: 1.8, confidence: 0.2 },
    { text: 'daily', start: 2, end: 2.4, confidence: 0.95 },
  ] },
];

const disposables: Array<{ dispose(): void }> = [];
afterEach(() => disposables.splice(0).forEach((d) => d.dispose()));

function open(): { editor: TranscriptEditor; spans: Spans; recorder: VerifiedRecorder; failures: string[] } {
  const doc = buildTranscriptDoc(new Y.Doc(), TURNS);
  const editor = createTranscriptEditor(doc.get(TRANSCRIPT_ROOT, Y.XmlText), new Awareness(doc), { name: 'Ann', color: '#c00', userId: 'u1' });
  YjsEditor.connect(editor);
  const spans = new Spans();
  const failures: string[] = [];
  let clock = 1000;
  const recorder = new VerifiedRecorder(editor, spans, 'u1', { didChange: () => {}, didFail: (m) => failures.push(m) }, () => clock++);
  disposables.push(recorder, { dispose: () => YjsEditor.disconnect(editor) });
  return { editor, spans, recorder, failures };
}

const reviewed = (editor: Editor, turn: number) => (editor.children[turn] as TurnElement).children.map((n) => wordOf(n)).filter((w) => w !== undefined).map((w) => (w.reviewed ? `${w.text}✓` : w.text));
const wordPath = (editor: Editor, turn: number, text: string) => [turn, (editor.children[turn] as TurnElement).children.findIndex((n) => wordOf(n)?.text === text)];

describe('verifiedStretch', () => {
  it('covers the turn at the caret, the selected words, or every word', () => {
    const { editor } = open();
    Transforms.select(editor, { path: wordPath(editor, 1, 'firea'), offset: 1 });
    expect(verifiedStretch(editor, 'turn')).toMatchObject({ scope: 'turn', start: 1, end: 2.4, paths: [[1, 0], [1, 2], [1, 4]], body: { scope: 'turn', turn: 1, startMs: 1000, endMs: 2400 } });
    expect(verifiedStretch(editor, 'selection')).toMatch(/Select the words/);
    Transforms.select(editor, { anchor: { path: wordPath(editor, 0, 'five'), offset: 1 }, focus: { path: wordPath(editor, 1, 'real'), offset: 2 } });
    expect(verifiedStretch(editor, 'selection')).toMatchObject({ start: 0.6, end: 1.2, paths: [[0, 4], [1, 0]], body: { scope: 'span', startMs: 600, endMs: 1200 } });
    expect(verifiedStretch(editor, 'transcript')).toMatchObject({ start: 0, end: 2.4, body: { scope: 'transcript' } });
    expect((verifiedStretch(editor, 'transcript') as { paths: readonly unknown[] }).paths).toHaveLength(6);
  });

  it('says why when there is no caret', () => {
    const { editor } = open();
    expect(verifiedStretch(editor, 'turn')).toMatch(/caret/);
    expect(verifiedStretch(editor, 'turn', [0, 2])).toMatchObject({ start: 0, end: 0.8 });
  });
});

describe('VerifiedRecorder', () => {
  it('marks the words reviewed and records the span; undo removes the span, redo records it again', async () => {
    const { editor, spans, recorder, failures } = open();
    Transforms.select(editor, { path: wordPath(editor, 1, 'real'), offset: 0 });
    recorder.verify(verifiedStretch(editor, 'turn') as Exclude<ReturnType<typeof verifiedStretch>, string>);
    await recorder.settled;
    expect(reviewed(editor, 1)).toEqual(['real✓', 'firea✓', 'daily✓']);
    expect(reviewed(editor, 0)).toEqual(['she', 'took', 'five']);
    expect(spans.spans).toEqual(['turn 1']);

    editor.undo();
    await recorder.settled;
    expect(reviewed(editor, 1)).toEqual(['real', 'firea', 'daily']);
    expect(spans.spans).toEqual([]);

    editor.redo();
    await recorder.settled;
    expect(reviewed(editor, 1)).toEqual(['real✓', 'firea✓', 'daily✓']);
    expect(spans.spans).toEqual(['turn 1']);
    // undo once more removes the span the redo recorded (its new id), not the first one
    editor.undo();
    await recorder.settled;
    expect(spans.spans).toEqual([]);
    expect(spans.calls).toEqual(['add turn 1', 'remove 1', 'add turn 1', 'remove 2']);
    expect(failures).toEqual([]);
  });

  it('makes an undo step of its own even where every word was reviewed already, and undo keeps the earlier marks', async () => {
    const { editor, spans, recorder } = open();
    Transforms.select(editor, { path: wordPath(editor, 0, 'she'), offset: 0 });
    recorder.verify(verifiedStretch(editor, 'turn') as Exclude<ReturnType<typeof verifiedStretch>, string>);
    recorder.verify(verifiedStretch(editor, 'transcript') as Exclude<ReturnType<typeof verifiedStretch>, string>);
    await recorder.settled;
    expect(spans.spans).toEqual(['turn 0', 'transcript']);
    editor.undo();
    await recorder.settled;
    expect(spans.spans).toEqual(['turn 0']);
    expect(reviewed(editor, 0)).toEqual(['she✓', 'took✓', 'five✓']);
    expect(reviewed(editor, 1)).toEqual(['real', 'firea', 'daily']);
    expect(Node.string(editor)).toContain('she took five');
  });

  it('tells when the server refuses', async () => {
    const { editor, recorder, failures } = open();
    const failing = new VerifiedRecorder(editor, { add: async () => Promise.reject(new Error('422 too long')), remove: async () => {} }, 'u1', { didChange: () => {}, didFail: (m) => failures.push(m) });
    disposables.push(failing);
    void recorder;
    failing.verify(verifiedStretch(editor, 'transcript') as Exclude<ReturnType<typeof verifiedStretch>, string>);
    await failing.settled;
    expect(failures).toEqual(['The verified mark was not recorded: 422 too long']);
  });
});
