import type { CaptionJson } from '@verbatim/core/api';

/** What a caption screen holds: the latest finals in order and the partial that follows them, if any. */
export interface CaptionFeed {
  /** Finals by ascending `seq`, at most {@link CAPTION_FEED_KEEP}: older ones have rolled off the screen. */
  readonly finals: readonly CaptionJson[];
  /** The current guess at the words after the last final (always a higher `seq` than every final). */
  readonly partial: CaptionJson | undefined;
}

/** How many finals a screen keeps (a few lines' worth, many times over). */
export const CAPTION_FEED_KEEP = 24;

/** A screen with nothing on it yet. */
export const EMPTY_CAPTION_FEED: CaptionFeed = Object.freeze({ finals: Object.freeze([]), partial: undefined });

/**
 * The feed after `caption` arrived. Finals never change, so a final already held (a reconnect sends the recent ones
 * again) changes nothing; a final replaces the partial of its `seq` and any older one. A partial replaces the partial
 * unless it is stale (its `seq` already has a final). Returns `feed` itself when nothing changed.
 *
 * @example
 * let feed = EMPTY_CAPTION_FEED;
 * feed = applyCaption(feed, { seq: 0, final: false, text: 'hello wor', … });
 * feed = applyCaption(feed, { seq: 0, final: true, text: 'hello world', … }); // finals: [hello world], no partial
 */
export function applyCaption(feed: CaptionFeed, caption: CaptionJson): CaptionFeed {
  if (!caption.final) {
    const last = feed.finals.at(-1);
    if (last !== undefined && caption.seq <= last.seq) return feed;
    if (feed.partial !== undefined && caption.seq < feed.partial.seq) return feed;
    return { finals: feed.finals, partial: caption };
  }
  if (feed.finals.some((f) => f.seq === caption.seq)) return feed;
  const oldest = feed.finals[0];
  // a final older than everything kept has already rolled off (or arrives late from a reconnect): nothing to show
  if (oldest !== undefined && caption.seq < oldest.seq && feed.finals.length >= CAPTION_FEED_KEEP) return feed;
  const finals = [...feed.finals, caption].sort((a, b) => a.seq - b.seq).slice(-CAPTION_FEED_KEEP);
  const partial = feed.partial !== undefined && feed.partial.seq > caption.seq ? feed.partial : undefined;
  return { finals, partial };
}

/** The feed after several captions (e.g. a session's `recentFinals` after a reconnect), in the order given. */
export function applyCaptions(feed: CaptionFeed, captions: readonly CaptionJson[]): CaptionFeed {
  return captions.reduce(applyCaption, feed);
}
