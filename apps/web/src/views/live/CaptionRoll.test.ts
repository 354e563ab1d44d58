import type { CaptionJson } from '@verbatim/core/api';
import { describe, expect, it } from 'vitest';
import { CaptionRoll } from './CaptionRoll.ts';

const caption = (seq: number, final: boolean, text: string): CaptionJson => ({ seq, final, text, startMs: 0, endMs: 0, words: [] });

describe('CaptionRoll', () => {
  it('shows a partial until the final of its number, then ignores late partials of that number', () => {
    const roll = new CaptionRoll();
    expect(roll.apply(caption(0, false, 'the inter'))).toBe(true);
    expect(roll.partial?.text).toBe('the inter');
    expect(roll.apply(caption(0, true, 'the interview'))).toBe(true);
    expect(roll.partial).toBeUndefined();
    expect(roll.apply(caption(0, false, 'the interview st'))).toBe(false);
    expect(roll.apply(caption(1, false, 'started'))).toBe(true);
    expect(roll.apply(caption(0, true, 'again'))).toBe(false);
    expect(roll.finals().map((c) => c.text)).toEqual(['the interview']);
  });

  it('orders finals that arrive out of order (a reconnect replays the recent ones) and keeps the newest', () => {
    const roll = new CaptionRoll();
    for (const seq of [3, 1, 2]) roll.apply(caption(seq, true, `s${seq}`));
    expect(roll.finals().map((c) => c.seq)).toEqual([1, 2, 3]);
    expect(roll.finals(2).map((c) => c.seq)).toEqual([2, 3]);
  });
});
