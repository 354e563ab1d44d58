import { describe, expect, it } from 'vitest';
import { applyDisplayAs } from './applyDisplayAs.ts';
import { createContextGraph } from './contextGraph.ts';
import { createTokenizer } from './createTokenizer.ts';

const TOKENS = ['▁', ...'abcdefghijklmnopqrstuvwxyz', "'", '<blk>'];
const graph = createContextGraph(
  [
    { phrase: 'metformin', soundsLike: ['met forming'] },
    { phrase: 'rails', displayAs: 'Rails' },
    { phrase: 'ruby on rails', displayAs: 'Ruby on Rails' },
    { phrase: 'plain' },
  ],
  {
    tokenize: createTokenizer(TOKENS, { blankId: 28, wordBoundaryId: 0 }),
    vocabSize: 29,
    blankId: 28,
    wordBoundaryId: 0,
  },
);

describe('applyDisplayAs', () => {
  it('replaces a soundsLike spelling with the phrase and a phrase with its displayAs', () => {
    const { words, spans } = applyDisplayAs(['we', 'use', 'ruby', 'on', 'rails', 'and', 'met', 'forming'], graph);
    expect(words).toEqual(['we', 'use', 'Ruby on Rails', 'and', 'metformin']);
    expect(spans).toEqual([
      { start: 2, end: 5, entry: 2, text: 'Ruby on Rails' },
      { start: 6, end: 8, entry: 0, text: 'metformin' },
    ]);
  });

  it('leaves words that already read as the phrase, parts of words and unspellable words alone', () => {
    const words = ['plain', 'metformin', 'railsy', 'rails', 'née', 'rails'];
    const out = applyDisplayAs(words, graph);
    expect(out.words).toEqual(['plain', 'metformin', 'railsy', 'Rails', 'née', 'Rails']);
    expect(out.spans.map((s) => s.start)).toEqual([3, 5]);
    expect(applyDisplayAs([], graph)).toEqual({ words: [], spans: [] });
  });
});
