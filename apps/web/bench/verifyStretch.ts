// Marking a whole three-hour transcript verified (200 paragraphs × 150 words = 30,000 words): the review marks
// written to the Y.Doc in one transaction (what VerifiedRecorder does) against one Slate operation per word (what
// markReviewed in a loop would do), each followed by the undo of the step. Prints the medians and their ratio.
//   node apps/web/bench/verifyStretch.ts [runs=3]
import { YjsEditor } from '@slate-yjs/core';
import { buildTranscriptDoc, TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { Editor } from 'slate';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { markReviewed } from '../src/review/markReviewed.ts';
import { VerifiedRecorder } from '../src/review/verified/VerifiedRecorder.ts';
import { verifiedStretch, type VerifiedStretch } from '../src/review/verified/verifiedStretch.ts';
import { createTranscriptEditor, type TranscriptEditor } from '../src/transcript/createTranscriptEditor.ts';

const runs = Number(process.argv[2] ?? 3);

function open(): { editor: TranscriptEditor; stretch: VerifiedStretch } {
  const turns = Array.from({ length: 200 }, (_, t) => ({
    speaker: `S${t % 3}`,
    start: t * 100,
    end: t * 100 + 99,
    words: Array.from({ length: 150 }, (_, i) => ({ text: `w${i}`, start: t * 100 + i * 0.6, end: t * 100 + i * 0.6 + 0.5, confidence: 0.5 })),
  }));
  const doc = buildTranscriptDoc(new Y.Doc(), turns);
  const editor = createTranscriptEditor(doc.get(TRANSCRIPT_ROOT, Y.XmlText), new Awareness(doc), { name: 'A', color: '#c00', userId: 'u1' });
  YjsEditor.connect(editor);
  const stretch = verifiedStretch(editor, 'transcript');
  if (typeof stretch === 'string') throw new Error(stretch);
  return { editor, stretch };
}

function time(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const results: Record<string, { mark: number[]; undo: number[] }> = { 'Y.Doc, one transaction': { mark: [], undo: [] }, 'Slate, one op per word': { mark: [], undo: [] } };

for (let i = 0; i < runs; i++) {
  {
    const { editor, stretch } = open();
    const recorder = new VerifiedRecorder(editor, { add: async () => ({ id: 1 }), remove: async () => {} }, 'u1', { didChange: () => {}, didFail: (m) => console.error(m) });
    results['Y.Doc, one transaction']!.mark.push(time(() => recorder.verify(stretch)));
    results['Y.Doc, one transaction']!.undo.push(time(() => editor.undo()));
    recorder.dispose();
  }
  {
    const { editor, stretch } = open();
    editor.undoManager.stopCapturing();
    results['Slate, one op per word']!.mark.push(
      time(() => {
        Editor.withoutNormalizing(editor, () => {
          for (const path of stretch.paths) markReviewed(editor, path, 'u1', 1);
        });
        YjsEditor.flushLocalChanges(editor);
      }),
    );
    results['Slate, one op per word']!.undo.push(time(() => editor.undo()));
  }
}

for (const [name, r] of Object.entries(results)) console.log(`${name.padEnd(24)} mark ${median(r.mark).toFixed(0).padStart(6)} ms   undo ${median(r.undo).toFixed(0).padStart(6)} ms`);
const y = results['Y.Doc, one transaction']!;
const s = results['Slate, one op per word']!;
console.log(`ratio (Slate / Y.Doc): mark ${(median(s.mark) / median(y.mark)).toFixed(1)}x, undo ${(median(s.undo) / median(y.undo)).toFixed(1)}x, ${runs} runs each, 30,000 words`);
