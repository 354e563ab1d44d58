import { YjsEditor } from '@slate-yjs/core';
import { type Descendant, Transforms } from 'slate';
import { describe, expect, it } from 'vitest';
import type { Segment } from '@verbatim/core';
import type { TurnElement } from '../editor/transcriptTypes.ts';
import { collectFlagged, countFlagged } from './collectFlagged.ts';
import { findFlagged } from './findFlagged.ts';
import { markReviewed } from './markReviewed.ts';
import { twoPeers as connectTwoPeers } from '../../test/twoPeers.ts';

const segments: Segment[] = [0, 1, 2].map((p) => ({
  speaker: p === 1 ? 'Ben' : 'Anna',
  start: p * 10,
  end: p * 10 + 2,
  words: ['one', 'two', 'three', 'four', 'five'].map((text, i) => ({ text: `${text}${p}`, start: p * 10 + i * 0.4, end: p * 10 + i * 0.4 + 0.3, confidence: i % 2 === 0 ? 0.3 : 0.9 })),
}));

const twoPeers = () => connectTwoPeers(segments);

// what a first look at the same document finds: new node objects, so nothing comes from the per-paragraph cache
const fresh = (children: readonly Descendant[], threshold: number) => collectFlagged(structuredClone(children) as Descendant[], threshold);
const counts = (children: readonly Descendant[], threshold: number) => children.map((turn) => countFlagged(turn as TurnElement, threshold));

describe('collectFlagged kept per paragraph through edits', () => {
  it('re-reads only the paragraphs an edit changed, and stays equal to a first look through edits, undo, remote changes and moves', () => {
    const { a, b } = twoPeers();
    const before = collectFlagged(a.children, 0.6);
    expect(before.map((f) => f.text)).toEqual(['one0', 'three0', 'five0', 'one1', 'three1', 'five1', 'one2', 'three2', 'five2']);

    // typing into a flagged word of the middle paragraph: the other paragraphs' entries are the same objects
    Transforms.select(a, { path: [1, 0], offset: 2 });
    a.insertText('x');
    YjsEditor.flushLocalChanges(a);
    const typed = collectFlagged(a.children, 0.6);
    expect(typed).toEqual(fresh(a.children, 0.6));
    expect(typed.filter((f) => f.path[0] === 1).map((f) => f.text)).toEqual(['onxe1', 'three1', 'five1']);
    expect(typed.filter((f) => f.path[0] !== 1)).toEqual(before.filter((f) => f.path[0] !== 1));
    typed.filter((f) => f.path[0] !== 1).forEach((f) => expect(before).toContain(f));
    expect(typed.filter((f) => f.path[0] === 1).every((f) => !before.includes(f))).toBe(true);

    // a collaborator's review un-flags a word here
    const reviewed = typed.find((f) => f.path[0] === 2)!;
    markReviewed(b, reviewed.path, 'ub', 99);
    YjsEditor.flushLocalChanges(b);
    const remote = collectFlagged(a.children, 0.6);
    expect(remote).toEqual(fresh(a.children, 0.6));
    expect(remote.map((f) => f.text)).not.toContain(reviewed.text);
    expect(counts(a.children, 0.6)).toEqual([3, 3, 2]);

    // undo brings the typed word back; the review stays (it was not this user's)
    a.undo();
    expect(collectFlagged(a.children, 0.6).filter((f) => f.path[0] === 1).map((f) => f.text)).toEqual(['one1', 'three1', 'five1']);
    expect(collectFlagged(a.children, 0.6)).toEqual(fresh(a.children, 0.6));
    expect(counts(a.children, 0.6)).toEqual([3, 3, 2]);

  });

  it('follows paragraphs moved by a split, and reads everything again for another threshold', () => {
    const { a } = twoPeers();
    const before = collectFlagged(a.children, 0.6);
    // splitting the first paragraph moves the others: same words under new paths, and F8 follows them
    Transforms.select(a, { path: [0, 4], offset: 0 });
    a.insertBreak();
    YjsEditor.flushLocalChanges(a);
    expect(a.children).toHaveLength(4);
    const split = collectFlagged(a.children, 0.6);
    expect(split).toEqual(fresh(a.children, 0.6));
    expect(split.map((f) => f.text)).toEqual(before.map((f) => f.text));
    expect(split.filter((f) => f.text.endsWith('2')).map((f) => f.path[0])).toEqual([3, 3, 3]);
    expect(findFlagged(a.children, 0.6, { path: [2, 8], offset: 0 }, 1)).toEqual(split.find((f) => f.path[0] === 3)!.path);
    expect(counts(a.children, 0.6)).toEqual([1, 2, 3, 3]);

    expect(collectFlagged(a.children, 0.95)).toEqual(fresh(a.children, 0.95));
    expect(counts(a.children, 0.95)).toEqual([2, 3, 5, 5]);
  });
});
