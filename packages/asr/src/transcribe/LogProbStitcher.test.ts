import { describe, expect, it } from 'vitest';
import { LogProbStitcher } from './LogProbStitcher.ts';

describe('LogProbStitcher', () => {
  const rows = (first: number, n: number) => ({ data: Float32Array.from({ length: n * 2 }, (_, i) => first + Math.floor(i / 2)), frames: n, vocab: 2 });

  it('keeps each global frame once, from the window that owns it', () => {
    const s = new LogProbStitcher(2, 1, 1);
    s.add(rows(0, 10), 0, 0, 6); // window 0 owns frames 0-5
    s.add(rows(100, 10), 4, 6, 12); // window starting at frame 4 owns 6-11 (its rows 2-7)
    s.add(rows(200, 5), 10, 12, Infinity);
    const r = s.result();
    expect(r.frames).toBe(15);
    expect([...r.data].filter((_, i) => i % 2 === 0)).toEqual([0, 1, 2, 3, 4, 5, 102, 103, 104, 105, 106, 107, 202, 203, 204]);
  });

  it('skips frames already stitched and fills a gap with certain blanks', () => {
    const s = new LogProbStitcher(2, 1);
    s.add(rows(0, 4), 0, 0, 4);
    s.add(rows(10, 4), 2, 2, 5); // frames 2-3 exist: only frame 4 is new
    s.add(rows(20, 2), 7, 5, Infinity); // frames 5-6 missing
    const r = s.result();
    expect([...r.data]).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 12, 12, expect.closeTo(-23.03, 2), 0, expect.closeTo(-23.03, 2), 0, 20, 20, 21, 21]);
  });
});
