import { describe, expect, it } from 'vitest';
import { ProgressiveRender } from './ProgressiveRender.ts';

// idle periods the test hands out one at a time, and a clock it moves
function harness(eager: number, graceMs = 0) {
  const idle: Array<() => void> = [];
  const input = new EventTarget();
  let now = 0;
  const progressive = new ProgressiveRender({
    eager,
    input,
    quietMs: 400,
    graceMs,
    now: () => now,
    idle: (work) => {
      idle.push(work);
      return () => idle.splice(idle.indexOf(work), 1);
    },
  });
  return {
    progressive,
    idle,
    runIdle: () => idle.shift()?.(),
    advance: (ms: number) => (now += ms),
    type: () => input.dispatchEvent(new Event('keydown')),
  };
}

describe('ProgressiveRender', () => {
  it('renders the first pieces at once and the others one per idle period, in order', () => {
    const { progressive, runIdle } = harness(2);
    expect([progressive.renderNow(), progressive.renderNow(), progressive.renderNow(), progressive.renderNow()]).toEqual([true, true, false, false]);
    const shown: string[] = [];
    progressive.enqueue(() => shown.push('c'));
    progressive.enqueue(() => shown.push('d'));
    expect(shown).toEqual([]);
    runIdle();
    expect(shown).toEqual(['c']);
    expect(progressive.done).toBe(false);
    runIdle();
    expect(shown).toEqual(['c', 'd']);
    // all rendered: a piece that mounts now (a new paragraph) renders with it
    expect(progressive.done).toBe(true);
    expect(progressive.renderNow()).toBe(true);
  });

  it('waits while the user types, and goes on once the keys have been quiet for a while', () => {
    const { progressive, runIdle, advance, type, idle } = harness(0);
    progressive.renderNow();
    const shown: number[] = [];
    progressive.enqueue(() => shown.push(1));
    advance(1000);
    type();
    advance(100);
    runIdle();
    expect(shown).toEqual([]);
    expect(idle).toHaveLength(1);
    advance(350);
    runIdle();
    expect(shown).toEqual([1]);
  });

  it('renders nothing in the background during the grace period after the first render', () => {
    const { progressive, runIdle, advance, idle } = harness(0, 400);
    progressive.renderNow();
    const shown: number[] = [];
    progressive.enqueue(() => shown.push(1));
    advance(100);
    runIdle();
    expect(shown).toEqual([]);
    expect(idle).toHaveLength(1);
    advance(300);
    runIdle();
    expect(shown).toEqual([1]);
  });

  it('renders everything left at once on finish, and a piece taken out of the queue never', () => {
    const { progressive, idle } = harness(1);
    const shown: string[] = [];
    progressive.renderNow();
    progressive.renderNow();
    const remove = progressive.enqueue(() => shown.push('gone'));
    progressive.enqueue(() => shown.push('b'));
    progressive.enqueue(() => shown.push('c'));
    remove();
    progressive.finish();
    expect(shown).toEqual(['b', 'c']);
    expect(idle).toHaveLength(0);
    expect(progressive.pending).toBe(0);
    progressive.enqueue(() => shown.push('late'));
    expect(shown).toEqual(['b', 'c', 'late']);
  });
});
