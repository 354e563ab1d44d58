import { afterEach, describe, expect, it, vi } from 'vitest';
import { eachIdle } from './whenIdle.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('eachIdle', () => {
  it('calls the step once an idle period until it says done, each with a slice of at most 5 ms', async () => {
    vi.useFakeTimers();
    const left: number[] = [];
    let done = false;
    eachIdle((timeLeft) => {
      left.push(timeLeft());
      if (left.length === 3) done = true;
      return done;
    });
    expect(left).toEqual([]);
    await vi.runAllTimersAsync();
    expect(left).toHaveLength(3);
    expect(left.every((ms) => ms > 0 && ms <= 5)).toBe(true);
  });

  it('caps the slice at 5 ms in a long idle period, follows a shorter one, and gives a late one its own slice', () => {
    const pending: IdleRequestCallback[] = [];
    vi.stubGlobal('requestIdleCallback', (cb: IdleRequestCallback) => pending.push(cb));
    vi.stubGlobal('cancelIdleCallback', () => {});
    const left: number[] = [];
    eachIdle((timeLeft) => {
      left.push(timeLeft());
      return left.length === 3;
    });
    pending.shift()!({ didTimeout: false, timeRemaining: () => 49 });
    pending.shift()!({ didTimeout: false, timeRemaining: () => 1.5 });
    pending.shift()!({ didTimeout: true, timeRemaining: () => 0 });
    expect(pending).toHaveLength(0);
    expect(left[0]).toBeLessThanOrEqual(5);
    expect(left[0]).toBeGreaterThan(4);
    expect(left[1]).toBe(1.5);
    expect(left[2]).toBeGreaterThan(4);
  });

  it('stops when cancelled', () => {
    const pending: IdleRequestCallback[] = [];
    vi.stubGlobal('requestIdleCallback', (cb: IdleRequestCallback) => pending.push(cb));
    const cancelIdle = vi.fn();
    vi.stubGlobal('cancelIdleCallback', cancelIdle);
    let calls = 0;
    const cancel = eachIdle(() => {
      calls++;
      return false;
    });
    pending.shift()!({ didTimeout: false, timeRemaining: () => 10 });
    cancel();
    expect(cancelIdle).toHaveBeenCalledTimes(1);
    // a callback already queued does nothing once cancelled
    pending.shift()?.({ didTimeout: false, timeRemaining: () => 10 });
    expect(calls).toBe(1);
  });
});
