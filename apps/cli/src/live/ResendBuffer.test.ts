import { describe, expect, it } from 'vitest';
import { ResendBuffer } from './ResendBuffer.ts';

const block = (from: number, n: number) => Int16Array.from({ length: n }, (_, i) => from + i);
const flatten = (buffer: ResendBuffer, from: number) => [...buffer.from(from)].flatMap((b) => [...b.samples]);

describe('ResendBuffer', () => {
  it('holds what is not acknowledged and resends from any sample it holds', () => {
    const buffer = new ResendBuffer();
    buffer.append(block(0, 4));
    buffer.append(block(4, 4));
    buffer.append(block(8, 4));
    expect([buffer.start, buffer.end, buffer.length]).toEqual([0, 12, 12]);
    expect(flatten(buffer, 6)).toEqual([6, 7, 8, 9, 10, 11]);
    // an ack inside a block keeps that block: the resend starts at its first sample (the server drops the overlap)
    buffer.acknowledge(6);
    expect(buffer.start).toBe(4);
    expect(flatten(buffer, 4)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(() => [...buffer.from(3)]).toThrow(/no longer held/);
    buffer.acknowledge(12);
    expect([buffer.start, buffer.length]).toEqual([12, 0]);
    expect(flatten(buffer, 12)).toEqual([]);
  });

  it('starts at an offset (a session that already has audio) and ignores empty blocks', () => {
    const buffer = new ResendBuffer(100);
    buffer.append(new Int16Array(0));
    buffer.append(block(100, 3));
    expect([...buffer.from(100)].map((b) => b.start)).toEqual([100]);
    buffer.acknowledge(50);
    expect(buffer.start).toBe(100);
    expect(flatten(buffer, 101)).toEqual([101, 102]);
  });
});
