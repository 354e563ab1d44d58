import { describe, expect, it } from 'vitest';
import { decodeNgramModel, encodeNgramModel } from './ngramBinary.ts';
import { estimateNgramModel } from './estimateNgramModel.ts';
import { LanguageModelError } from './LanguageModelError.ts';
import { toArpa } from './toArpa.ts';

const text = ['the cat sat on the mat', 'the dog sat on the log', 'a cat saw a dog', 'the cat sat', 'on the mat the cat sat'];

describe('binary LM format', () => {
  it('round-trips a model exactly', () => {
    const lm = estimateNgramModel(text, { order: 3 });
    const back = decodeNgramModel(encodeNgramModel(lm));
    expect(back.words).toEqual(lm.words);
    expect(back.counts).toEqual(lm.counts);
    for (const s of [...text, 'mat on sat cat', 'zebra crossing']) {
      expect(back.sentenceLogProb(s.split(' '))).toBe(lm.sentenceLogProb(s.split(' ')));
    }
  });

  it('reads from an unaligned buffer', () => {
    const bytes = encodeNgramModel(estimateNgramModel(text));
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(decodeNgramModel(shifted).words.length).toBeGreaterThan(3);
  });

  it('rejects truncated, damaged, foreign and future files with a clear error', () => {
    const bytes = encodeNgramModel(estimateNgramModel(text));
    const expectCode = (b: Uint8Array, code: string, msg: RegExp) => {
      try {
        decodeNgramModel(b, 'lm.bin');
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(LanguageModelError);
        expect((err as LanguageModelError).code).toBe(code);
        expect((err as Error).message).toMatch(msg);
      }
    };
    expectCode(bytes.subarray(0, bytes.length - 10), 'corrupt', /lm\.bin.*truncated/);
    expectCode(bytes.subarray(0, 8), 'corrupt', /only 8 bytes/);
    const flipped = bytes.slice();
    flipped[bytes.length - 40] = (flipped[bytes.length - 40] as number) ^ 0x10;
    expectCode(flipped, 'corrupt', /checksum/);
    expectCode(new TextEncoder().encode('\\data\\\nngram 1=3\n\\1-grams:\n'), 'corrupt', /VBLM/);
    const future = bytes.slice();
    new DataView(future.buffer).setUint32(4, 99, true);
    expectCode(future, 'unsupported-version', /version 99/);
  });

  it('rejects tables that contradict each other even with a valid checksum', () => {
    const lm = estimateNgramModel(text, { order: 2 });
    const t = lm.tables;
    const bad = { ...t, suffix: t.suffix.slice() };
    bad.suffix[t.levelStart[2] as number] = 12345;
    expect(() => new (lm.constructor as typeof import('./NgramModel.ts').NgramModel)(bad)).toThrow(/suffix/);
  });

  it('writes ARPA text with log10 values and the n-gram counts', () => {
    const lm = estimateNgramModel(text, { order: 2 });
    const arpa = toArpa(lm);
    expect(arpa).toContain(`ngram 1=${lm.counts[0]}`);
    expect(arpa).toContain(`ngram 2=${lm.counts[1]}`);
    const line = arpa.split('\n').find((l) => l.endsWith('\tthe cat'));
    expect(line).toBeDefined();
    const state = (() => {
      lm.score(lm.startState, lm.wordId('the'));
      return lm.nextState;
    })();
    expect(Number(line!.split('\t')[0])).toBeCloseTo(lm.score(state, lm.wordId('cat')) / Math.LN10, 5);
    expect(arpa).toMatch(/^-99\t<s>\t/m);
  });
});
