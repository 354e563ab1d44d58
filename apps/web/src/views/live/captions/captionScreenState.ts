import type { LiveSessionStateJson } from '@verbatim/core/api';
import { applyCaption, applyCaptions, type CaptionFeed, EMPTY_CAPTION_FEED } from './captionFeed.ts';
import type { CaptionStreamEvent } from './openCaptionStream.ts';

/** Everything a caption screen shows, built from its stream's events by {@link reduceCaptionScreen}. */
export interface CaptionScreenState {
  connection: 'connecting' | 'open' | 'reconnecting';
  title: string | undefined;
  session: LiveSessionStateJson | undefined;
  ended: boolean;
  gone: { reason: 'revoked' | 'not-found'; message: string } | undefined;
  feed: CaptionFeed;
}

/** What the screen says about itself (`captions-state`'s `data-state`). */
export type CaptionScreenPhase = 'connecting' | 'reconnecting' | 'waiting' | 'live' | 'ended' | 'gone';

export const INITIAL_CAPTION_SCREEN: CaptionScreenState = Object.freeze({
  connection: 'connecting',
  title: undefined,
  session: undefined,
  ended: false,
  gone: undefined,
  feed: EMPTY_CAPTION_FEED,
});

/** The screen after one event of its caption stream. */
export function reduceCaptionScreen(state: CaptionScreenState, event: CaptionStreamEvent): CaptionScreenState {
  switch (event.type) {
    case 'connection':
      return { ...state, connection: event.state };
    case 'view':
      return { ...state, title: event.view.title, session: event.view.state, feed: applyCaptions(state.feed, event.view.recentFinals) };
    case 'caption': {
      const feed = applyCaption(state.feed, event.caption);
      return feed === state.feed ? state : { ...state, feed };
    }
    case 'ended':
      // what was guessed but never made final is not shown as if it had been said
      return { ...state, ended: true, feed: { finals: state.feed.finals, partial: undefined } };
    case 'gone':
      return { ...state, gone: { reason: event.reason, message: event.message } };
  }
}

/** The phase the screen is in, most decisive first. */
export function captionScreenPhase(state: CaptionScreenState): CaptionScreenPhase {
  if (state.gone) return 'gone';
  if (state.ended) return 'ended';
  if (state.connection === 'reconnecting') return 'reconnecting';
  if (state.connection === 'connecting' || state.session === undefined) return 'connecting';
  return state.feed.finals.length === 0 && state.feed.partial === undefined ? 'waiting' : 'live';
}

/** What the screen says in words for each phase. */
export const CAPTION_PHASE_TEXT: Readonly<Record<CaptionScreenPhase, string>> = Object.freeze({
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  waiting: 'Waiting for the talk to start…',
  live: 'Live',
  ended: 'The talk has ended.',
  gone: 'This caption link does not work.',
});
