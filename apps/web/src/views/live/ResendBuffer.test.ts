import { describe, expect, it } from 'vitest';
import { ResendBuffer } from './ResendBuffer.ts';

const frame = (n: number) => new Int16Array(n);

describe('ResendBuffer', () => {
  it('keeps frames until an ack covers them whole and replays from the frame holding a sample', () => {
    const buffer = new ResendBuffer(10_000);
    for (let i = 0; i < 4; i++) buffer.append(frame(100));
    buffer.acknowledge(150);
    expect(buffer.start).toBe(100);
    expect([...buffer.from(250)].map((c) => c.start)).toEqual([200, 300]);
    buffer.acknowledge(400);
    expect(buffer.start).toBe(400);
    expect([...buffer.from(0)]).toEqual([]);
    expect(buffer.end).toBe(400);
  });

  it('drops the oldest frames past its bound and counts them as lost', () => {
    const buffer = new ResendBuffer(250);
    for (let i = 0; i < 5; i++) buffer.append(frame(100));
    expect(buffer.start).toBe(300);
    expect(buffer.lost).toBe(300);
  });
});
