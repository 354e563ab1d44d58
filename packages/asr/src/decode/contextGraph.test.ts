import { describe, expect, it } from 'vitest';
import { createContextGraph, type ContextGraph, type ContextGraphOptions } from './contextGraph.ts';
import { createTokenizer } from './createTokenizer.ts';
import { seededRandom } from './seededRandom.ts';
import type { VocabularyEntry } from './VocabularyEntry.ts';
import { VocabularyError } from './VocabularyError.ts';

// The character layout of the bundled model: boundary, a-z, apostrophe, blank last.
const TOKENS = ['▁', ...'abcdefghijklmnopqrstuvwxyz', "'", '<blk>'];
const OPTIONS = {
  tokenize: createTokenizer(TOKENS, { blankId: 28, wordBoundaryId: 0 }),
  vocabSize: TOKENS.length,
  blankId: 28,
  wordBoundaryId: 0,
};
const spell = (s: string) => [...s].map((ch) => TOKENS.indexOf(ch === ' ' ? '▁' : ch));
const graphOf = (entries: VocabularyEntry[], extra: Partial<ContextGraphOptions> = {}) =>
  createContextGraph(entries, { ...OPTIONS, ...extra });

// The bonus a hypothesis spelling `ids` ends with, and the largest provisional bonus it held on the way.
function run(graph: ContextGraph, ids: number[]): { final: number; peak: number } {
  let state = graph.start;
  let bonus = 0;
  let peak = 0;
  for (const id of ids) {
    const next = graph.next(state, id);
    bonus += graph.gain(state, next);
    peak = Math.max(peak, bonus);
    state = next;
  }
  return { final: bonus + graph.finish(state), peak };
}
const boost = (graph: ContextGraph, s: string) => run(graph, spell(s)).final;

describe('ContextGraph', () => {
  it('pays a phrase only as a whole word: at the start, the end, alone, between words', () => {
    const g = graphOf([{ phrase: 'cat' }]);
    for (const s of ['cat', 'the cat', 'cat sat', 'the cat sat']) expect(boost(g, s)).toBeCloseTo(6);
    for (const s of ['cats', 'concat', 'the cats sat', 'ca', 'scat sat', '']) expect(boost(g, s)).toBe(0);
    expect(boost(g, 'cat cat')).toBeCloseTo(12);
  });

  it('takes back the provisional bonus of a phrase left half-way', () => {
    const g = graphOf([{ phrase: 'catalog' }]);
    const { final, peak } = run(g, spell('catapult'));
    expect(peak).toBeCloseTo(8); // c a t a earned on the way
    expect(final).toBe(0);
    expect(run(g, spell('the cat')).final).toBe(0);
    expect(boost(g, 'catalog')).toBeCloseTo(14);
  });

  it('matches overlapping and nested phrases through the fail links', () => {
    const g = graphOf([{ phrase: 'new york' }, { phrase: 'york' }, { phrase: 'ab cd' }, { phrase: 'cd ef' }]);
    // "new york" (8 tokens, 16) contains the word "york" (8)
    expect(boost(g, 'i love new york')).toBeCloseTo(24);
    expect(boost(g, 'new yorkshire')).toBe(0);
    // "cd" closes one phrase and opens the next
    expect(boost(g, 'ab cd ef')).toBeCloseTo(10 + 10);
    expect(boost(g, 'xab cd ef')).toBeCloseTo(10);
  });

  it('boosts soundsLike spellings and caps the bonus of a long phrase', () => {
    const g = graphOf([
      { phrase: 'metformin', soundsLike: ['met forming'], boost: 1 },
      { phrase: 'pneumonoultramicroscopic' },
    ]);
    expect(boost(g, 'metformin')).toBeCloseTo(9);
    expect(boost(g, 'met forming')).toBeCloseTo(11);
    expect(boost(g, 'pneumonoultramicroscopic')).toBeCloseTo(20);
    const capped = graphOf([{ phrase: 'cat', boost: 20 }], { maxPhraseBoost: 5 });
    expect(boost(capped, 'cat')).toBeCloseTo(5);
  });

  it('matches substrings when the model has no word boundary', () => {
    const tokenize = createTokenizer(TOKENS, { blankId: 28 });
    const g = createContextGraph([{ phrase: 'cat' }], { tokenize, vocabSize: 29, blankId: 28 });
    expect(run(g, spell('concat')).final).toBeCloseTo(6);
    expect(run(g, spell('catcat')).final).toBeCloseTo(12);
    expect(run(g, spell('ca')).final).toBe(0);
  });

  it('steps the same with the full transition table and with fail links', () => {
    const rand = seededRandom(5);
    const letter = () => 'abcde'[Math.floor(rand() * 5)];
    const word = () => Array.from({ length: 2 + Math.floor(rand() * 4) }, letter).join('');
    const entries = Array.from({ length: 300 }, () => ({ phrase: rand() < 0.3 ? `${word()} ${word()}` : word() }));
    const dense = graphOf(entries);
    // A large vocabulary makes the table too big to build, so this graph follows fail links.
    const sparse = graphOf(entries, { vocabSize: 20_000 });
    expect(dense.size).toBe(sparse.size);
    for (let i = 0; i < 50; i++) {
      const ids = Array.from({ length: 60 }, () => (rand() < 0.25 ? 0 : 1 + Math.floor(rand() * 6)));
      expect(run(sparse, ids)).toEqual(run(dense, ids));
    }
    expect(boost(sparse, entries[0]!.phrase)).toBeGreaterThan(0);
  });

  it('reports which entry each decoded span spells, longest first', () => {
    const g = graphOf([
      { phrase: 'metformin', soundsLike: ['met forming'], displayAs: 'Metformin' },
      { phrase: 'new york' },
      { phrase: 'york' },
    ]);
    expect(g.matches(spell('take met forming in new york'))).toEqual([
      { entry: 0, text: 'met forming', display: 'Metformin', start: 5, end: 16 },
      { entry: 1, text: 'new york', display: 'new york', start: 20, end: 28 },
    ]);
    expect(g.matches(spell('york'))).toEqual([{ entry: 2, text: 'york', display: 'york', start: 0, end: 4 }]);
    expect(g.matches([-1, ...spell('york')])).toEqual([]);
  });

  it('rejects a vocabulary with bad entries, listing every one and why', () => {
    const entries = [
      { phrase: 'fine' },
      { phrase: '' },
      { phrase: 'café' },
      { phrase: 'ok', boost: -1 },
      { phrase: 'nan', boost: Number.NaN },
      { phrase: 'inf', boost: Number.POSITIVE_INFINITY },
      'just text',
      { phrase: 'a'.repeat(201) },
      { phrase: 'zed', soundsLike: ['', 'zé'] },
      { phrase: 'shown', displayAs: 3 },
    ] as unknown as VocabularyEntry[];
    let error: unknown;
    try {
      graphOf(entries);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VocabularyError);
    const { code, problems, message } = error as VocabularyError;
    expect(code).toBe('invalid-entries');
    expect(problems.map((p) => [p.index, p.code])).toEqual([
      [1, 'empty-phrase'],
      [2, 'unsupported-characters'],
      [3, 'invalid-boost'],
      [4, 'invalid-boost'],
      [5, 'invalid-boost'],
      [6, 'not-an-object'],
      [7, 'phrase-too-long'],
      [8, 'invalid-sounds-like'],
      [8, 'unsupported-characters'],
      [9, 'invalid-display-as'],
    ]);
    expect(message).toMatch(/^9 vocabulary entries are invalid:/);
    expect(message).toContain('entry 2 "café": the phrase "café" contains characters the model cannot emit: "é"');
    expect(message).toContain('entry 3 "ok": boost must be a number in [0, 20], got -1');
    expect(message).not.toContain('entry 0');
  });

  it('refuses absurdly large vocabularies with a clear error', () => {
    const many = Array.from({ length: 100_001 }, () => ({ phrase: 'a' }));
    expect(() => graphOf(many)).toThrow(expect.objectContaining({ code: 'vocabulary-too-large' }));
    expect(() => graphOf(many)).toThrow(/at most 100000 entries, this one has 100001/);
  });

  it('builds an empty graph that never pays', () => {
    const g = graphOf([]);
    expect(g.size).toBe(1);
    expect(boost(g, 'anything at all')).toBe(0);
  });
});
