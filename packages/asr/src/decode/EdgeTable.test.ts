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
});
