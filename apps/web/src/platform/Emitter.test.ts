import { afterEach, describe, expect, it } from 'vitest';
import { Emitter } from './Emitter.ts';
import { setUnexpectedErrorHandler } from './onUnexpectedError.ts';

describe('Emitter', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('delivers to every listener until it is unsubscribed', () => {
    const emitter = new Emitter<number>();
    const heard: string[] = [];
    const a = emitter.event((n) => heard.push(`a${n}`));
    emitter.event((n) => heard.push(`b${n}`));
    emitter.fire(1);
    a.dispose();
    emitter.fire(2);
    emitter.dispose();
    emitter.fire(3);
    expect(heard).toEqual(['a1', 'b1', 'b2']);
  });

  it('runs every listener when one throws, and hands what it threw to the error handler', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<number>({ onListenerError: (error) => errors.push(error) });
    const heard: number[] = [];
    const boom = new Error('boom');
    emitter.event((n) => heard.push(n));
    emitter.event(() => {
      throw boom;
    });
    emitter.event((n) => heard.push(n * 10));
    expect(() => emitter.fire(4)).not.toThrow();
    expect(heard).toEqual([4, 40]);
    expect(errors).toEqual([boom]);
  });

  it('reports a listener error to the unexpected-error handler by default', () => {
    const errors: unknown[] = [];
    const previous = setUnexpectedErrorHandler((error) => errors.push(error));
    restore = () => void setUnexpectedErrorHandler(previous);
    const emitter = new Emitter<void>();
    let after = 0;
    emitter.event(() => {
      throw new Error('first');
    });
    emitter.event(() => after++);
    emitter.fire();
    expect(after).toBe(1);
    expect(errors).toEqual([new Error('first')]);
  });
});
