import { describe, expect, it } from 'vitest';
import { EdgeTable } from './EdgeTable.ts';
import { seededRandom } from './seededRandom.ts';

describe('EdgeTable', () => {
  it('stores and finds the same keys as a Map, and answers -1 for the rest', () => {
    const rand = seededRandom(3);
    const table = new EdgeTable(5000);
    const map = new Map<number, number>();
    while (map.size < 5000) {
      const key = Math.floor(rand() * 2 ** 26);
      const value = Math.floor(rand() * 2 ** 20);
      map.set(key, value);
      table.set(key, value);
    }
    for (const [key, value] of map) expect(table.get(key)).toBe(value);
    for (let i = 0; i < 5000; i++) {
      const key = Math.floor(rand() * 2 ** 26);
      expect(table.get(key)).toBe(map.get(key) ?? -1);
    }
  });

  it('copies itself with room for more keys, leaving the original as it was', () => {
    const table = new EdgeTable(100);
    for (let k = 0; k < 100; k++) table.set(k * 7, k);
    for (const extra of [10, 1000]) {
      const copy = table.withRoomFor(extra);
      expect(copy.count).toBe(100);
      for (let k = 0; k < extra; k++) copy.set(100_000 + k, k);
      expect(copy.count).toBe(100 + extra);
      for (let k = 0; k < 100; k++) expect(copy.get(k * 7)).toBe(k);
      expect(copy.get(100_000 + extra - 1)).toBe(extra - 1);
      expect(table.get(100_000)).toBe(-1);
      expect(table.count).toBe(100);
    }
  });
});
