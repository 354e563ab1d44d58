import { YjsEditor, yTextToSlateElement } from '@slate-yjs/core';
import { type Descendant, Editor, type Point, Transforms } from 'slate';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Segment } from '@verbatim/core';
import { readTranscriptWords, TRANSCRIPT_ROOT, type TranscriptDocWord } from '@verbatim/core/document';
import { type TurnElement, wordOf } from '../editor/transcriptTypes.ts';
import { markReviewed } from '../review/markReviewed.ts';
import { twoPeers as connectTwoPeers } from '../../test/twoPeers.ts';

// the reported setup: collectFlagged.edits.test.ts's two peers, three paragraphs of five words
const segments: Segment[] = [0, 1, 2].map((p) => ({
  speaker: p === 1 ? 'Ben' : 'Anna',
  start: p * 10,
  end: p * 10 + 2,
  words: ['one', 'two', 'three', 'four', 'five'].map((text, i) => ({ text: `${text}${p}`, start: p * 10 + i * 0.4, end: p * 10 + i * 0.4 + 0.3, confidence: i % 2 === 0 ? 0.3 : 0.9 })),
}));

const twoPeers = () => connectTwoPeers(segments);

const original = segments.flatMap((s) => s.words);

// Every original word is still there, in order, each whole or cut in two by the split, and every piece keeps within
// its word's time: no word lost a boundary (two glued into one) or took another word's times.
function expectEveryWordKept(words: readonly TranscriptDocWord[]): void {
  let at = 0;
  for (const word of original) {
    let text = '';
    while (text.length < word.text.length && at < words.length) {
      const piece = words[at++]!;
      expect(piece.start, `"${piece.text}" of "${word.text}" starts inside it`).toBeGreaterThanOrEqual(word.start - 1e-6);
      expect(piece.end, `"${piece.text}" of "${word.text}" ends inside it`).toBeLessThanOrEqual(word.end + 1e-6);
      text += piece.text;
    }
    expect(text).toBe(word.text);
  }
  expect(at).toBe(words.length);
}

// within a paragraph, two word leaves side by side are two words with no separator: a lost word boundary
function gluedWords(children: readonly Descendant[]): string[] {
  return (children as TurnElement[]).flatMap((turn) =>
    turn.children.flatMap((node, i) => {
      const previous = wordOf(turn.children[i - 1]);
      const word = wordOf(node);
      return previous && word ? [`${previous.text}|${word.text}`] : [];
    }),
  );
}

// the paragraphs of a document as plain data: their attributes and their runs with attributes
const contentOf = (root: Y.XmlText) => (root.toDelta() as Array<{ insert: Y.XmlText }>).map((op) => ({ attributes: op.insert.getAttributes(), runs: op.insert.toDelta() }));

function expectConsistent({ a, b, docA, docB }: ReturnType<typeof twoPeers>): void {
  const rootA = docA.get(TRANSCRIPT_ROOT, Y.XmlText);
  const rootB = docB.get(TRANSCRIPT_ROOT, Y.XmlText);
  expect(contentOf(rootB)).toEqual(contentOf(rootA));
  expect(a.children).toEqual(yTextToSlateElement(rootA).children);
  expect(b.children).toEqual(yTextToSlateElement(rootB).children);
  for (const editor of [a, b]) {
    expect(gluedWords(editor.children)).toEqual([]);
    Editor.normalize(editor, { force: true });
    expect(gluedWords(editor.children)).toEqual([]);
  }
  expectEveryWordKept(readTranscriptWords(docA));
  expectEveryWordKept(readTranscriptWords(docB));
}

// a word start ("three0"), inside a word, a separator, inside the undone word, inside the word the collaborator reviewed
const splits: Array<[string, Point]> = [
  ['at a word start', { path: [0, 4], offset: 0 }],
  ['inside a word', { path: [0, 4], offset: 2 }],
  ['late inside a word', { path: [0, 4], offset: 4 }],
  ['in a separator', { path: [0, 3], offset: 0 }],
  ['inside the undone word', { path: [1, 0], offset: 2 }],
  ['inside the reviewed word', { path: [2, 0], offset: 1 }],
];

describe('undo, a collaborator\'s change, then splitting a paragraph', () => {
  for (const review of [true, false]) {
    for (const redo of [false, true]) {
      it.each(splits)(`keeps every word and its times, split %s (${review ? 'with' : 'without'} a remote review, ${redo ? 'undo and redo' : 'undo'})`, (_, point) => {
        const peers = twoPeers();
        const { a, b } = peers;
        Transforms.select(a, { path: [1, 0], offset: 2 });
        a.insertText('x');
        YjsEditor.flushLocalChanges(a);
        if (review) {
          markReviewed(b, [2, 0], 'ub', 99);
          YjsEditor.flushLocalChanges(b);
        }
        a.undo();
        expect(wordOf((a.children[1] as TurnElement).children[0])?.text).toBe('one1');
        if (redo) {
          a.redo();
          expect(wordOf((a.children[1] as TurnElement).children[0])?.text).toBe('onxe1');
          a.undo();
        }
        expect(wordOf((a.children[1] as TurnElement).children[0])?.text).toBe('one1');
        Transforms.select(a, point);
        a.insertBreak();
        YjsEditor.flushLocalChanges(a);
        YjsEditor.flushLocalChanges(b);
        expect(a.children).toHaveLength(4);
        expectConsistent(peers);
        // the collaborator's review stays on "one2" (both halves when it was split)
        const reviewed = readTranscriptWords(peers.docA).filter((word) => word.start >= 20 && word.end <= 20.3);
        expect(reviewed.map((word) => word.text).join('')).toBe('one2');
        expect(reviewed.every((word) => word.reviewed === review)).toBe(true);
      });
    }
  }

  it('writes what it normalised after a remote change before the next remote update arrives', () => {
    const peers = twoPeers();
    const { a, b } = peers;
    Transforms.select(a, { path: [1, 0], offset: 2 });
    a.insertText('x');
    YjsEditor.flushLocalChanges(a);
    a.undo();
    // B merged the leaves the undo's translation left; nothing of it may wait for B's next onChange
    expect(YjsEditor.localChanges(b)).toEqual([]);
    expect(YjsEditor.localChanges(a)).toEqual([]);
    expect(a.undoManager.redoStack).toHaveLength(1);
    expectConsistent(peers);
  });
});
