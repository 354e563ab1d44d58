/** One merge of {@link agglomerate}: clusters `a` and `b` (ids: items 0..n-1, then n + merge index) at `distance`. */
export interface Merge {
  a: number;
  b: number;
  distance: number;
}

/**
 * Average-linkage agglomerative clustering of `n` items from their pairwise distances (`distance(i, j)`, symmetric),
 * by the nearest-neighbour chain: O(n^2) time and memory, merges returned in increasing distance (a dendrogram).
 */
export function agglomerate(n: number, distance: (i: number, j: number) => number): Merge[] {
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = distance(i, j);
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  const size = new Float64Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const id = Int32Array.from({ length: n }, (_, i) => i);
  const raw: { a: number; b: number; distance: number; slot: number; other: number }[] = [];
  const chain: number[] = [];
  let remaining = n;
  while (remaining > 1) {
    if (chain.length === 0) chain.push(active.indexOf(1));
    const a = chain[chain.length - 1]!;
    const prev = chain.length > 1 ? chain[chain.length - 2]! : -1;
    let b = prev;
    let best = prev >= 0 ? d[a * n + prev]! : Infinity;
    for (let j = 0; j < n; j++) {
      if (!active[j] || j === a) continue;
      const v = d[a * n + j]!;
      if (v < best) {
        best = v;
        b = j;
      }
    }
    if (b !== prev) {
      chain.push(b);
      continue;
    }
    chain.length -= 2;
    // Lance-Williams for average linkage; the merged cluster lives in slot a
    for (let j = 0; j < n; j++) {
      if (!active[j] || j === a || j === b) continue;
      const v = (size[a]! * d[a * n + j]! + size[b]! * d[b * n + j]!) / (size[a]! + size[b]!);
      d[a * n + j] = v;
      d[j * n + a] = v;
    }
    raw.push({ a, b, distance: best, slot: a, other: b });
    size[a]! += size[b]!;
    active[b] = 0;
    remaining--;
  }
  // replay in distance order (average linkage is reducible: the chain finds the same dendrogram), naming clusters
  const order = raw.map((_, i) => i).sort((x, y) => raw[x]!.distance - raw[y]!.distance || x - y);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const merges: Merge[] = [];
  for (const k of order) {
    const m = raw[k]!;
    const ra = find(m.a);
    const rb = find(m.b);
    merges.push({ a: id[ra]!, b: id[rb]!, distance: m.distance });
    parent[rb] = ra;
    id[ra] = n + merges.length - 1;
  }
  return merges;
}

/** The cluster of each item after applying the first `count` merges, numbered 0.. in order of first item. */
export function cutDendrogram(n: number, merges: readonly Merge[], count: number): Int32Array {
  const parent = Int32Array.from({ length: 2 * n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (let k = 0; k < count; k++) {
    const m = merges[k]!;
    parent[find(m.a)] = n + k;
    parent[find(m.b)] = n + k;
  }
  const labels = new Int32Array(n);
  const names = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let name = names.get(root);
    if (name === undefined) names.set(root, (name = names.size));
    labels[i] = name;
  }
  return labels;
}
