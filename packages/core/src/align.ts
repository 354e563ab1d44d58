/** One step of an alignment: indexes into the reference and hypothesis lists given to {@link alignWords}. */
export type AlignmentOp =
  | { op: 'match'; ref: number; hyp: number }
  | { op: 'sub'; ref: number; hyp: number }
  | { op: 'del'; ref: number; hyp?: undefined }
  | { op: 'ins'; ref?: undefined; hyp: number };

// Blocks this small are solved with a full cost matrix; larger ones are split (Hirschberg) to keep memory linear.
const FULL_MATRIX_CELLS = 1 << 14;

/**
 * Aligns a hypothesis word list with a reference by minimum edit distance (unit cost for substitution, insertion and
 * deletion): the result walks both lists in order, every reference word once (`match`, `sub` or `del`) and every
 * hypothesis word once (`match`, `sub` or `ins`). Among equally cheap alignments the choice is a fixed function of
 * the input. Time is O(n·m) and memory O(n + m) (Hirschberg's method), so two 5,000-word transcripts align quickly.
 * Words are compared exactly; normalise them first (see `normalizeForScoring`).
 *
 * @example
 * alignWords(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])
 * // [{op:'match',ref:0,hyp:0}, {op:'sub',ref:1,hyp:1}, {op:'match',ref:2,hyp:2}, {op:'ins',hyp:3}]
 */
export function alignWords(ref: readonly string[], hyp: readonly string[]): AlignmentOp[] {
  const ids = new Map<string, number>();
  const intern = (word: string): number => {
    let id = ids.get(word);
    if (id === undefined) ids.set(word, (id = ids.size));
    return id;
  };
  const a = Int32Array.from(ref, intern);
  const b = Int32Array.from(hyp, intern);
  const ops: AlignmentOp[] = [];

  // A common prefix and suffix always belong to some optimal alignment, and transcripts share long ones.
  let lo = 0;
  while (lo < a.length && lo < b.length && a[lo] === b[lo]) {
    ops.push({ op: 'match', ref: lo, hyp: lo });
    lo++;
  }
  let aHi = a.length;
  let bHi = b.length;
  while (aHi > lo && bHi > lo && a[aHi - 1] === b[bHi - 1]) {
    aHi--;
    bHi--;
  }
  const scratch = { forward: new Int32Array(bHi - lo + 1), backward: new Int32Array(bHi - lo + 1) };
  solve(a, b, lo, aHi, lo, bHi, ops, scratch);
  for (let k = 0; aHi + k < a.length; k++) ops.push({ op: 'match', ref: aHi + k, hyp: bHi + k });
  return ops;
}

interface Scratch {
  forward: Int32Array;
  backward: Int32Array;
}

function solve(a: Int32Array, b: Int32Array, a0: number, a1: number, b0: number, b1: number, ops: AlignmentOp[], scratch: Scratch): void {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n === 0) {
    for (let j = b0; j < b1; j++) ops.push({ op: 'ins', hyp: j });
  } else if (m === 0) {
    for (let i = a0; i < a1; i++) ops.push({ op: 'del', ref: i });
  } else if (n === 1 || m === 1 || (n + 1) * (m + 1) <= FULL_MATRIX_CELLS) {
    solveFull(a, b, a0, a1, b0, b1, ops);
  } else {
    const mid = a0 + (n >> 1);
    const { forward, backward } = scratch;
    forwardCosts(a, b, a0, mid, b0, b1, forward);
    backwardCosts(a, b, mid, a1, b0, b1, backward);
    let split = 0;
    let best = Infinity;
    for (let j = 0; j <= m; j++) {
      const cost = forward[j]! + backward[j]!;
      if (cost < best) {
        best = cost;
        split = j;
      }
    }
    solve(a, b, a0, mid, b0, b0 + split, ops, scratch);
    solve(a, b, mid, a1, b0 + split, b1, ops, scratch);
  }
}

// row[j] = edit distance between a[a0..a1) and b[b0..b0+j).
function forwardCosts(a: Int32Array, b: Int32Array, a0: number, a1: number, b0: number, b1: number, row: Int32Array): void {
  const m = b1 - b0;
  for (let j = 0; j <= m; j++) row[j] = j;
  for (let i = a0; i < a1; i++) {
    const ai = a[i];
    let diagonal = row[0]!;
    row[0] = i - a0 + 1;
    for (let j = 1; j <= m; j++) {
      const up = row[j]!;
      const cost = Math.min(diagonal + (ai === b[b0 + j - 1] ? 0 : 1), up + 1, row[j - 1]! + 1);
      row[j] = cost;
      diagonal = up;
    }
  }
}

// row[j] = edit distance between a[a0..a1) and b[b0+j..b1).
function backwardCosts(a: Int32Array, b: Int32Array, a0: number, a1: number, b0: number, b1: number, row: Int32Array): void {
  const m = b1 - b0;
  for (let j = 0; j <= m; j++) row[j] = m - j;
  for (let i = a1 - 1; i >= a0; i--) {
    const ai = a[i];
    let diagonal = row[m]!;
    row[m] = a1 - i;
    for (let j = m - 1; j >= 0; j--) {
      const up = row[j]!;
      row[j] = Math.min(diagonal + (ai === b[b0 + j] ? 0 : 1), up + 1, row[j + 1]! + 1);
      diagonal = up;
    }
  }
}

// Full matrix and trace-back; ties prefer the diagonal (match/sub), then deletion, then insertion.
function solveFull(a: Int32Array, b: Int32Array, a0: number, a1: number, b0: number, b1: number, ops: AlignmentOp[]): void {
  const n = a1 - a0;
  const m = b1 - b0;
  const w = m + 1;
  const d = new Int32Array((n + 1) * w);
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    d[i * w] = i;
    const ai = a[a0 + i - 1];
    for (let j = 1; j <= m; j++) {
      d[i * w + j] = Math.min(d[(i - 1) * w + j - 1]! + (ai === b[b0 + j - 1] ? 0 : 1), d[(i - 1) * w + j]! + 1, d[i * w + j - 1]! + 1);
    }
  }
  const path: AlignmentOp[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = d[i * w + j]!;
    if (i > 0 && j > 0) {
      const same = a[a0 + i - 1] === b[b0 + j - 1];
      if (d[(i - 1) * w + j - 1]! + (same ? 0 : 1) === here) {
        path.push({ op: same ? 'match' : 'sub', ref: a0 + i - 1, hyp: b0 + j - 1 });
        i--;
        j--;
        continue;
      }
    }
    if (i > 0 && d[(i - 1) * w + j]! + 1 === here) {
      path.push({ op: 'del', ref: a0 + i - 1 });
      i--;
    } else {
      path.push({ op: 'ins', hyp: b0 + j - 1 });
      j--;
    }
  }
  for (let k = path.length - 1; k >= 0; k--) ops.push(path[k]!);
}
