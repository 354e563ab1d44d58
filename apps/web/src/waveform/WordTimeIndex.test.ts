import { describe, expect, it } from 'vitest';
import { buildTurn } from '../editor/buildTurn.ts';
import { WordTimeIndex } from './WordTimeIndex.ts';

describe('WordTimeIndex', () => {
  const children = [
    buildTurn('A', [
      ['a', 0.5, 0.9],
      ['b', 1, 1.5],
    ]),
    buildTurn('B', [
      ['c', 2, 2.5],
      ['d', 3, 3.2],
    ]),
  ];

  it('finds the word spoken at a time by binary search, keeping the last one lit through a pause', () => {
    const index = WordTimeIndex.fromChildren(children);
    expect(index.size).toBe(4);
    expect(index.find(0.2)).toBe(-1);
    expect(index.at(0.5)?.leaf.text).toBe('a');
    expect(index.at(1.7)?.leaf.text).toBe('b');
    expect(index.at(2)?.path).toEqual([1, 0]);
    expect(index.at(99)?.leaf.text).toBe('d');
    expect(index.nearest(0)?.leaf.text).toBe('a');
  });

  it('sorts words that edits left out of time order', () => {
    const index = WordTimeIndex.fromChildren([buildTurn('A', [['late', 5, 6], ['early', 1, 2], ['mid', 3, 4]])]);
    expect([0, 1, 2].map((i) => index.word(i)!.leaf.text)).toEqual(['early', 'mid', 'late']);
    expect(index.at(3.5)?.path).toEqual([0, 4]);
  });

  it('warms its per-paragraph cache a paragraph at a time while there is time, at least one a call', () => {
    const turns = [buildTurn('A', [['a', 0.5, 0.9]]), buildTurn('B', [['b', 1, 1.5]]), buildTurn('C', [['c', 2, 2.5]])];
    expect(WordTimeIndex.warm(turns, 0, () => false)).toBe(1);
    let calls = 0;
    expect(WordTimeIndex.warm(turns, 1, () => ++calls < 10)).toBe(3);
    expect(WordTimeIndex.warm(turns, 3, () => true)).toBe(3);
    // built from the warmed paragraphs, also under new paths once one is inserted before them
    const index = WordTimeIndex.fromChildren([children[1]!, ...turns]);
    expect([0, 1, 2, 3, 4].map((i) => [index.word(i)!.leaf.text, index.word(i)!.path])).toEqual([
      ['a', [1, 0]],
      ['b', [2, 0]],
      ['c', [0, 0]],
      ['c', [3, 0]],
      ['d', [0, 2]],
    ]);
  });
});

