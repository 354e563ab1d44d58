import { describe, expect, it } from 'vitest';
import { ModelBundleError } from '../bundle/ModelBundleError.ts';
import { boundSentences, decidePunctuation, windowStarts } from './decidePunctuation.ts';
import { parsePunctuationJson, type PunctuationConfig, type PunctuationMark } from './PunctuationConfig.ts';
import { suffixBucket } from './suffixBucket.ts';
import { writeWord } from './writeWord.ts';

const json = {
  schema: 1,
  kind: 'word-tagger',
  file: 'punct.onnx',
  inputs: { words: 'word_ids', suffixes: 'suffix_ids' },
  outputs: { marks: 'mark_logits', cases: 'case_logits' },
  window: 8,
  stride: 6,
  marks: ['', ',', '.', '?', '!'],
  cases: ['lower', 'capital', 'upper', 'mixed'],
  paddingId: 0,
  unknownId: 1,
  suffix: { hash: 'fnv1a32', chars: 3, buckets: 1024 },
  maxSentenceWords: 12,
  vocabulary: ['<pad>', '<unk>', 'the'],
  mixedCase: { iphone: 'iPhone' },
};
const config: PunctuationConfig = parsePunctuationJson(json);

// scores that make the model say `mark`/`kase` for every position of every window
function scores(windows: number, length: number, mark: (k: number, j: number) => number, kase: (k: number, j: number) => number) {
  const marks = new Float32Array(windows * length * 5);
  const cases = new Float32Array(windows * length * 4);
  for (let k = 0; k < windows; k++) {
    for (let j = 0; j < length; j++) {
      marks[(k * length + j) * 5 + mark(k, j)] = 5;
      cases[(k * length + j) * 4 + kase(k, j)] = 5;
    }
  }
  return { marks, cases };
}

describe('punctuation decisions', () => {
  it('covers every word with windows that end exactly at the end', () => {
    expect(windowStarts(5, 8, 6)).toEqual([0]);
    expect(windowStarts(8, 8, 6)).toEqual([0]);
    expect(windowStarts(20, 8, 6)).toEqual([0, 6, 12]);
    expect(windowStarts(21, 8, 6)).toEqual([0, 6, 12, 13]);
  });

  it("reads each word from the window where it is furthest from a cut edge", () => {
    // window 0 says "," everywhere, window 1 says "." everywhere: words 0..6 are central in window 0 (6..13 in 1)
    const starts = windowStarts(14, 8, 6);
    expect(starts).toEqual([0, 6]);
    const d = decidePunctuation(14, starts, scores(2, 8, (k) => (k === 0 ? 1 : 2), () => 0), config);
    expect(d.marks.slice(0, 3)).toEqual([',', ',', ',']);
    expect(d.marks.slice(11)).toEqual(['.', '.', '.']);
    // the stream's own first word and every word after a sentence end start with a capital
    expect(d.cases[0]).toBe('capital');
    expect(d.cases[12]).toBe('capital');
    expect(d.cases[1]).toBe('lower');
  });

  it("adds punct.json's markBias to the marks' scores before taking the best", () => {
    const marks = new Float32Array(5 * 3);
    const cases = new Float32Array(4 * 3);
    for (let i = 0; i < 3; i++) (marks[i * 5] = 1, (marks[i * 5 + 3] = 0.5)); // "" ahead of "?" by 0.5
    // (the stream's last word always ends a sentence)
    expect(decidePunctuation(3, [0], { marks, cases }, config).marks).toEqual(['', '', '.']);
    const biased = parsePunctuationJson({ ...json, markBias: [0, 0, 0, 0.75, 0] });
    expect(decidePunctuation(3, [0], { marks, cases }, biased).marks).toEqual(['?', '?', '?']);
    expect(() => parsePunctuationJson({ ...json, markBias: [0, 1] })).toThrow(/markBias/);
  });

  it('favours a sentence end after a pause by pauseBias per second of it', () => {
    const marks = new Float32Array(5 * 4);
    const cases = new Float32Array(4 * 4);
    for (let i = 0; i < 4; i++) (marks[i * 5] = 1, (marks[i * 5 + 1] = 0.8), (marks[i * 5 + 2] = 0.2)); // "" > "," > "."
    const pauses = [0.05, 1.2, 0.1, 0];
    expect(decidePunctuation(4, [0], { marks, cases }, config, pauses).marks).toEqual(['', '', '', '.']);
    const spoken = parsePunctuationJson({ ...json, pauseBias: 1 });
    expect(decidePunctuation(4, [0], { marks, cases }, spoken, pauses).marks).toEqual(['', '.', '', '.']);
    expect(decidePunctuation(4, [0], { marks, cases }, spoken, pauses).cases).toEqual(['capital', 'lower', 'capital', 'lower']);
  });

  it('bounds a run without a sentence end at the likeliest period, never near its edges', () => {
    const marks: PunctuationMark[] = Array(30).fill('');
    const period = Array.from({ length: 30 }, (_, i) => (i === 2 ? 10 : i === 9 ? 5 : i === 20 ? 4 : 0));
    boundSentences(marks, period, 12);
    expect(marks[2]).toBe(''); // in the first five words of the run
    expect(marks[9]).toBe('.');
    expect(marks[20]).toBe('.');
    let run = 0;
    for (const m of marks) run = m === '.' ? 0 : run + 1;
    expect(run).toBeLessThanOrEqual(12);
  });

  it('writes cases and marks, keeps "I" upper and never doubles a mark', () => {
    expect(writeWord('hello', 'capital', '.', config.mixedCase)).toBe('Hello.');
    expect(writeWord('ibm', 'upper', ',', config.mixedCase)).toBe('IBM,');
    expect(writeWord('iphone', 'mixed', '', config.mixedCase)).toBe('iPhone');
    expect(writeWord('zorp', 'mixed', '?', config.mixedCase)).toBe('Zorp?');
    expect(writeWord("i'm", 'lower', '', config.mixedCase)).toBe("I'm");
    expect(writeWord('end', 'lower', '', config.mixedCase)).toBe('end');
    expect(writeWord('etc.', 'lower', '.', config.mixedCase)).toBe('etc.');
  });

  it('hashes suffixes exactly as the recipe does', () => {
    // values printed by verbatim_recipe.punct.data.suffix_bucket(word, 1024)
    expect(suffixBucket('the', 3, 1024)).toBe(269);
    expect(suffixBucket('a', 3, 1024)).toBe(635);
    expect(suffixBucket("don't", 3, 1024)).toBe(126);
    expect(suffixBucket('café', 3, 1024)).toBe(367);
    expect(suffixBucket('zürich', 3, 1024)).toBe(315);
  });

  it('refuses a malformed punct.json naming the field', () => {
    expect(() => parsePunctuationJson({ ...json, kind: 'crf' })).toThrow(ModelBundleError);
    expect(() => parsePunctuationJson({ ...json, marks: ['', ';'] })).toThrow(/marks/);
    expect(() => parsePunctuationJson({ ...json, window: 2 })).toThrow(/window/);
    expect(() => parsePunctuationJson({ ...json, schema: 2 })).toThrow(/schema 2/);
    expect(config.vocabulary.get('the')).toBe(2);
  });
});
