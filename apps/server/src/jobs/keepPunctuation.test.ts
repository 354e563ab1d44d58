import { describe, expect, it } from 'vitest';
import type { Word, WordOrigin } from '@verbatim/core';
import { keepPunctuation } from './keepPunctuation.ts';

const w = (text: string, start: number, origin?: WordOrigin): Word => ({ text, start, end: start + 0.5, confidence: 0.9, ...(origin === undefined ? {} : { origin }) });

describe('keepPunctuation', () => {
  const recognised = [w('take', 0), w('two', 1), w('milligrams', 2), w('daily', 3), w('then', 4), w('stop', 5)];
  const written = [w('Take', 0), w('two', 1), w('milligrams,', 2), w('daily.', 3), w('Then', 4), w('stop.', 5)];

  it("puts the written form back on the words no plugin touched, with every timing kept", () => {
    const out = keepPunctuation(recognised, recognised, written);
    expect(out).toEqual(written);
  });

  it("keeps a plugin's text and gives it the mark after the last word it replaced, once", () => {
    // a dosage rewriter turned "two milligrams" into "2" "mg" over the same time
    const processed = [w('take', 0), { ...w('2', 1, 'plugin:medical'), end: 2 }, { ...w('mg', 2, 'plugin:medical'), end: 2.5 }, w('daily', 3), w('then', 4), w('stop', 5)];
    const out = keepPunctuation(processed, recognised, written);
    expect(out.map((x) => x.text)).toEqual(['Take', '2', 'mg,', 'daily.', 'Then', 'stop.']);
    expect(out.map((x) => [x.start, x.end])).toEqual(processed.map((x) => [x.start, x.end]));
    expect(out[1]!.origin).toBe('plugin:medical');
  });

  it('leaves the words as they are when the lists do not correspond', () => {
    expect(keepPunctuation(recognised, recognised, written.slice(1))).toEqual(recognised);
  });
});
