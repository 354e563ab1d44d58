import { describe, expect, it } from 'vitest';
import { PrefixTree } from './PrefixTree.ts';

describe('PrefixTree', () => {
  it('gives a prefix the same node however often it is reached, and grows past its first block', () => {
    const tree = new PrefixTree();
    const ab = tree.child(tree.child(0, 1), 2);
    expect(tree.child(tree.child(0, 1), 2)).toBe(ab);
    expect(tree.token(ab)).toBe(2);
    expect(tree.parent(tree.parent(ab))).toBe(0);
    expect(tree.parent(0)).toBe(-1);
    let node = ab;
    for (let i = 0; i < 5000; i++) node = tree.child(node, i % 7);
    expect(tree.size).toBe(5003);
    let depth = 0;
    for (let n = node; n > 0; n = tree.parent(n)) depth++;
    expect(depth).toBe(5002);
  });
});
