import { slateNodesToInsertDelta, withYjs, YjsEditor } from '@slate-yjs/core';
import { createEditor, type Descendant, type Editor } from 'slate';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Segment } from '@verbatim/core';
import { buildTranscriptDoc, TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { isNormalized, withNormalizedConnect } from './withNormalizedConnect.ts';

const segments: Segment[] = [
  { speaker: 'A', start: 0, end: 0.7, words: [{ text: 'how', start: 0, end: 0.2, confidence: 0.95 }, { text: 'are', start: 0.3, end: 0.4, confidence: 0.9 }, { text: 'you', start: 0.5, end: 0.7, confidence: 0.4 }] },
  { speaker: 'B', start: 1, end: 2, words: [{ text: 'five', start: 1, end: 1.3, confidence: 0.8 }, { text: 'mg', start: 1.4, end: 1.6, confidence: 0.5 }] },
];

/** An editor on `root` whose forced normalisations (the one connect asks for) are counted. */
function countingEditor(root: Y.XmlText): { editor: Editor & YjsEditor; forced: () => number } {
  const bound = withYjs(createEditor(), root, { autoConnect: false });
  let forced = 0;
  const { normalize } = bound;
  bound.normalize = (options) => {
    if (options?.force === true) forced++;
    normalize(options);
  };
  return { editor: withNormalizedConnect(bound), forced: () => forced };
}

const plain = (children: Descendant[]): Editor => Object.assign(createEditor(), { children });

describe('isNormalized', () => {
  it('holds for a document as core builds it', () => {
    const root = buildTranscriptDoc(new Y.Doc(), segments).get(TRANSCRIPT_ROOT, Y.XmlText);
    const { editor } = countingEditor(root);
    YjsEditor.connect(editor);
    expect(isNormalized(editor)).toBe(true);
  });

  it('fails where Slate would change something', () => {
    const turn = (children: Descendant[]) => ({ type: 'turn', children }) as unknown as Descendant;
    expect(isNormalized(plain([turn([])]))).toBe(false);
    expect(isNormalized(plain([turn([{ text: 'a' }, { text: '' }])]))).toBe(false);
    expect(isNormalized(plain([turn([{ text: ' ' }, { text: ' ' }])]))).toBe(false);
    expect(isNormalized(plain([{ text: 'loose' }]))).toBe(false);
    expect(isNormalized(plain([turn([{ text: 'a' }, turn([{ text: 'b' }])])]))).toBe(false);
    expect(isNormalized(plain([turn([turn([{ text: 'b' }]), { text: 'a' }])]))).toBe(false);
    expect(isNormalized(plain([turn([{ text: 'a', start: 0 } as Descendant, { text: 'b', start: 1 } as Descendant])]))).toBe(true);
  });
});

describe('withNormalizedConnect', () => {
  it('skips the forced normalisation of a normalised document', () => {
    const root = buildTranscriptDoc(new Y.Doc(), segments).get(TRANSCRIPT_ROOT, Y.XmlText);
    const { editor, forced } = countingEditor(root);
    YjsEditor.connect(editor);
    expect(forced()).toBe(0);
    expect(editor.children).toHaveLength(2);
  });

  it('normalises a document that needs it, as connect always did', () => {
    const root = new Y.Doc().get(TRANSCRIPT_ROOT, Y.XmlText);
    // a text beside the paragraphs, which Slate removes
    root.applyDelta([{ insert: 'stray' }, ...slateNodesToInsertDelta([{ type: 'turn', children: [{ text: 'kept' }] } as unknown as Descendant])]);
    const { editor, forced } = countingEditor(root);
    YjsEditor.connect(editor);
    expect(forced()).toBe(1);
    expect(editor.children).toEqual([{ type: 'turn', children: [{ text: 'kept' }] }]);
    expect(isNormalized(editor)).toBe(true);
  });
});
