/** Slowest and fastest playback rates (oTranscribe's F3/F4 range) and the step between them. */
export const MIN_RATE = 0.5;
export const MAX_RATE = 2;
export const RATE_STEP = 0.1;
/** How far F1/F2 (Ctrl+1/Ctrl+2) skip, in seconds. */
export const SKIP_SECONDS = 3;
/** Context played either side of a flagged word when jumping to it. */
export const REVIEW_CONTEXT_SECONDS = 0.5;

/** The rate one step slower (-1) or faster (+1), within [0.5, 2]. */
export function stepRate(rate: number, direction: 1 | -1): number {
  const next = Math.round((rate + direction * RATE_STEP) * 10) / 10;
  return Math.min(MAX_RATE, Math.max(MIN_RATE, next));
}

/** Where playback resumes after a pause: `rewind` seconds back (oTranscribe's rewind-on-resume), never before 0. */
export function resumeTime(time: number, rewind: number): number {
  return Math.max(0, time - Math.max(0, rewind));
}

/** The span to play for a word under review: the word with some context either side, within [0, duration]. */
export function reviewSpan(start: number, end: number, duration = Infinity, context = REVIEW_CONTEXT_SECONDS): [number, number] {
  return [Math.max(0, start - context), Math.min(duration, Math.max(end, start) + context)];
}
