import { isWordOrigin, type WordOrigin } from './WordOrigin.ts';

/** What a word's run carries besides its text: times in seconds, calibrated confidence in [0, 1], origin. */
export interface WordTiming {
  start: number;
  end: number;
  conf: number;
  origin: WordOrigin;
}

/** Longest packed timing string `decodeWordTiming` reads (a plugin origin is the longest part). */
export const MAX_WORD_TIMING_CHARS = 80;

const PACKED = /^([0-9a-z]{1,9}) ([0-9a-z]{1,9}) ([0-9a-z]{1,3})(?: (h|plugin:[a-z][a-z0-9-]{1,40}))?$/u;

/**
 * Packs a word's timing into the one string its run carries (`t`): start and duration in whole milliseconds and
 * confidence in thousandths, base 36, then the origin unless it is `asr` (`h` for a person, else `plugin:<id>`).
 * Times are rounded to the millisecond and confidence to 0.001; a negative duration counts as zero.
 *
 * @example
 * encodeWordTiming({ start: 1.5, end: 1.92, conf: 0.93, origin: 'asr' }) // '15o bo q1'
 */
export function encodeWordTiming(timing: WordTiming): string {
  const start = Math.max(0, Math.round(timing.start * 1000));
  const duration = Math.max(0, Math.round(timing.end * 1000) - start);
  const conf = Math.min(1000, Math.max(0, Math.round((Number.isFinite(timing.conf) ? timing.conf : 1) * 1000)));
  const packed = `${start.toString(36)} ${duration.toString(36)} ${conf.toString(36)}`;
  if (timing.origin === 'asr') return packed;
  // an origin this code does not know counts as a person's
  return `${packed} ${timing.origin !== 'human' && isWordOrigin(timing.origin) ? timing.origin : 'h'}`;
}

/** Reads a packed timing (see {@link encodeWordTiming}); undefined when `value` is not one. */
export function decodeWordTiming(value: unknown): WordTiming | undefined {
  if (typeof value !== 'string' || value.length > MAX_WORD_TIMING_CHARS) return undefined;
  const match = PACKED.exec(value);
  if (match === null) return undefined;
  const startMs = Number.parseInt(match[1]!, 36);
  // summed in whole milliseconds: 0.3 + 0.6 would read back as 0.8999999999999999
  const start = startMs / 1000;
  const end = (startMs + Number.parseInt(match[2]!, 36)) / 1000;
  const conf = Math.min(1, Number.parseInt(match[3]!, 36) / 1000);
  const origin: WordOrigin = match[4] === undefined ? 'asr' : match[4] === 'h' ? 'human' : (match[4] as WordOrigin);
  return { start, end, conf, origin };
}
