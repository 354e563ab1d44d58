import { describe, expect, it } from 'vitest';
import { TokenTrail } from './TokenTrail.ts';

describe('TokenTrail', () => {
  it('rebuilds each path from shared records, the last token ending where its hypothesis says', () => {
    const trail = new TokenTrail();
    const a = trail.push(1, 0, -1, 0);
    const ab = trail.push(2, 5, a, 3);
    const ac = trail.push(3, 4, a, 2);
    expect(trail.collect(ab, 7)).toEqual([
      { id: 1, start: 0, end: 3 },
      { id: 2, start: 5, end: 7 },
    ]);
    expect(trail.collect(ac, 6)).toEqual([
      { id: 1, start: 0, end: 2 },
      { id: 3, start: 4, end: 6 },
    ]);
    expect(trail.collect(-1, 0)).toEqual([]);
    let r = -1;
    for (let t = 0; t < 3000; t++) r = trail.push(t % 5, t, r, t);
    expect(trail.collect(r, 3000)).toHaveLength(3000);
  });
});
