import type { CaptionJson } from '@verbatim/core/api';
import { describe, expect, it } from 'vitest';
import { applyCaption, applyCaptions, CAPTION_FEED_KEEP, EMPTY_CAPTION_FEED } from './captionFeed.ts';

const caption = (seq: number, final: boolean, text: string): CaptionJson => ({ seq, final, text, startMs: seq * 1000, endMs: seq * 1000 + 900, words: [] });

describe('the caption feed', () => {
  it('replaces the partial until its final comes, then starts the next one', () => {
    let feed = applyCaption(EMPTY_CAPTION_FEED, caption(0, false, 'hello wor'));
    feed = applyCaption(feed, caption(0, false, 'hello world an'));
    expect(feed.partial?.text).toBe('hello world an');
    feed = applyCaption(feed, caption(0, true, 'hello world'));
    expect(feed.finals.map((f) => f.text)).toEqual(['hello world']);
    expect(feed.partial).toBeUndefined();
    feed = applyCaption(feed, caption(1, false, 'and'));
    expect(feed.partial?.text).toBe('and');
  });

  it('never changes a final and ignores stale partials', () => {
    const feed = applyCaptions(EMPTY_CAPTION_FEED, [caption(0, true, 'one'), caption(1, true, 'two')]);
    expect(applyCaption(feed, caption(1, true, 'TWO'))).toBe(feed);
    expect(applyCaption(feed, caption(1, false, 'tw'))).toBe(feed);
    const withPartial = applyCaption(feed, caption(3, false, 'four'));
    expect(applyCaption(withPartial, caption(2, false, 'thr'))).toBe(withPartial);
  });

  it('keeps the partial when an earlier final arrives, and orders finals by seq (a reconnect merges recent ones)', () => {
    let feed = applyCaptions(EMPTY_CAPTION_FEED, [caption(0, true, 'a'), caption(3, false, 'd')]);
    feed = applyCaptions(feed, [caption(2, true, 'c'), caption(1, true, 'b'), caption(0, true, 'a')]);
    expect(feed.finals.map((f) => f.seq)).toEqual([0, 1, 2]);
    expect(feed.partial?.seq).toBe(3);
  });

  it('keeps a bounded number of finals', () => {
    const feed = applyCaptions(EMPTY_CAPTION_FEED, Array.from({ length: CAPTION_FEED_KEEP + 10 }, (_, i) => caption(i, true, `w${i}`)));
    expect(feed.finals).toHaveLength(CAPTION_FEED_KEEP);
    expect(feed.finals[0]!.seq).toBe(10);
    expect(applyCaption(feed, caption(2, true, 'late'))).toBe(feed);
  });
});
