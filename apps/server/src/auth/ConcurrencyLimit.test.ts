import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit, ConcurrencyLimitFull } from './ConcurrencyLimit.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('ConcurrencyLimit', () => {
  it('runs at most maxRunning tasks at once, in arrival order, and refuses past maxWaiting', async () => {
    const limit = new ConcurrencyLimit({ maxRunning: 2, maxWaiting: 3 });
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (n: number) => async () => {
      started.push(n);
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      running -= 1;
      if (n === 1) throw new Error('one fails');
      return n;
    };
    const results = Array.from({ length: 8 }, (_, n) => limit.run(task(n)).then((value) => value, (error: unknown) => error));
    expect(limit.running).toBe(2);
    expect(limit.waiting).toBe(3);
    const settled = await Promise.all(results);
    expect(settled.slice(5).every((error) => error instanceof ConcurrencyLimitFull)).toBe(true);
    expect(settled[1]).toBeInstanceOf(Error);
    expect(settled.filter((value) => typeof value === 'number')).toEqual([0, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    // a failed task gave its slot back like the others
    expect([limit.running, limit.waiting]).toEqual([0, 0]);
    expect(await limit.run(async () => 'again')).toBe('again');
  });
});
