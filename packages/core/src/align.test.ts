import { describe, expect, it } from 'vitest';
import { alignWords, type AlignmentOp } from './align.ts';

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// Textbook full-matrix edit distance, the yardstick for optimality.
function editDistance(a: readonly string[], b: readonly string[]): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), row[j]! + 1, next[j - 1]! + 1);
    row = next;
  }
  return row[b.length]!;
}

// An alignment must visit both lists in order, each item exactly once, with ops that agree with the words.
function expectValid(ref: readonly string[], hyp: readonly string[], ops: readonly AlignmentOp[]): number {
  let i = 0;
  let j = 0;
  let cost = 0;
  for (const op of ops) {
    if (op.op === 'match' || op.op === 'sub') {
      expect([op.ref, op.hyp]).toEqual([i++, j++]);
      expect(ref[op.ref] === hyp[op.hyp]).toBe(op.op === 'match');
    } else if (op.op === 'del') {
      expect(op.ref).toBe(i++);
    } else {
      expect(op.hyp).toBe(j++);
    }
    if (op.op !== 'match') cost++;
  }
  expect([i, j]).toEqual([ref.length, hyp.length]);
  return cost;
}

describe('alignWords', () => {
  it('aligns a substitution and an insertion', () => {
    expect(alignWords(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { op: 'match', ref: 0, hyp: 0 },
      { op: 'sub', ref: 1, hyp: 1 },
      { op: 'match', ref: 2, hyp: 2 },
      { op: 'ins', hyp: 3 },
    ]);
  });

  it('aligns a deletion in the middle', () => {
    expect(alignWords(['the', 'big', 'cat'], ['the', 'cat'])).toEqual([
      { op: 'match', ref: 0, hyp: 0 },
      { op: 'del', ref: 1 },
      { op: 'match', ref: 2, hyp: 1 },
    ]);
  });

  it('handles empty lists on either side', () => {
    expect(alignWords([], [])).toEqual([]);
    expect(alignWords([], ['a', 'b'])).toEqual([{ op: 'ins', hyp: 0 }, { op: 'ins', hyp: 1 }]);
    expect(alignWords(['a'], [])).toEqual([{ op: 'del', ref: 0 }]);
  });

  it('aligns a single word', () => {
    expect(alignWords(['a'], ['a'])).toEqual([{ op: 'match', ref: 0, hyp: 0 }]);
    expect(alignWords(['a'], ['b'])).toEqual([{ op: 'sub', ref: 0, hyp: 0 }]);
  });

  it('breaks ties the same way every time, preferring substitutions', () => {
    const first = alignWords(['a', 'b'], ['b', 'a']);
    expect(first).toEqual([{ op: 'sub', ref: 0, hyp: 0 }, { op: 'sub', ref: 1, hyp: 1 }]);
    expect(alignWords(['a', 'b'], ['b', 'a'])).toEqual(first);
  });

  it('compares words exactly, unicode included', () => {
    expect(alignWords(['straße', 'é'], ['strasse', 'e\u0301']).map((o) => o.op)).toEqual(['sub', 'sub']);
    expect(alignWords(['日本', '語'], ['日本', '語']).map((o) => o.op)).toEqual(['match', 'match']);
  });

  it('finds a minimum-cost alignment on random word lists', () => {
    const random = mulberry32(1234);
    for (let trial = 0; trial < 300; trial++) {
      const vocabulary = 1 + Math.floor(random() * 6);
      const ref = Array.from({ length: Math.floor(random() * 150) }, () => `w${Math.floor(random() * vocabulary)}`);
      const hyp = Array.from({ length: Math.floor(random() * 150) }, () => `w${Math.floor(random() * vocabulary)}`);
      expect(expectValid(ref, hyp, alignWords(ref, hyp))).toBe(editDistance(ref, hyp));
    }
  });

  it('aligns two 5,000-word transcripts', () => {
    const random = mulberry32(99);
    const ref = Array.from({ length: 5000 }, () => `w${Math.floor(random() * 800)}`);
    const hyp: string[] = [];
    for (const w of ref) {
      const r = random();
      if (r < 0.05) continue; // deleted
      hyp.push(r < 0.12 ? `x${Math.floor(random() * 800)}` : w);
      if (random() < 0.03) hyp.push('uh');
    }
    const ops = alignWords(ref, hyp);
    const cost = expectValid(ref, hyp, ops);
    expect(cost).toBeLessThan(0.2 * ref.length);
    expect(cost).toBeGreaterThan(0.05 * ref.length);
    // Shuffling small pieces of the problem must not change its optimum: check one window exactly.
    expect(expectValid(ref.slice(0, 400), hyp.slice(0, 380), alignWords(ref.slice(0, 400), hyp.slice(0, 380)))).toBe(editDistance(ref.slice(0, 400), hyp.slice(0, 380)));
  });
});
