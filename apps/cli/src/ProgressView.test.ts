import { describe, expect, it } from 'vitest';
import { ProgressView } from './ProgressView.ts';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 100, write: (c: string) => (chunks.push(c), true) } };
}

describe('ProgressView', () => {
  it('logs at most every 10% and the final state when not on a terminal', () => {
    const { chunks, stream } = sink(false);
    const v = new ProgressView(['a.wav', 'b.wav'], stream);
    for (let i = 0; i <= 100; i++) v.update(0, i / 100);
    v.finish(0, 'done', '12.0 s');
    v.finish(1, 'failed', 'not audio');
    expect(chunks.filter((c) => c.startsWith('a.wav: ') && c.endsWith('%\n'))).toHaveLength(10);
    expect(chunks).toContain('a.wav: done (12.0 s)\n');
    expect(chunks).toContain('b.wav: failed (not audio)\n');
  });

  it('redraws one bar per file in place on a terminal', () => {
    const { chunks, stream } = sink(true);
    const v = new ProgressView(['a.wav', 'b.wav'], stream);
    v.update(1, 0.5);
    const last = chunks.at(-1)!;
    expect(last.startsWith('\x1b[2A')).toBe(true);
    expect(last).toContain('[############............]  50% b.wav running');
    expect(last).toContain('a.wav queued');
  });

  it('prints nothing when disabled', () => {
    const { chunks, stream } = sink(false);
    const v = new ProgressView(['a.wav'], stream, false);
    v.update(0, 0.5);
    v.finish(0, 'done');
    expect(chunks).toEqual([]);
  });
});
