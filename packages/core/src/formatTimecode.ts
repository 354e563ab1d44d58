import { TranscriptError } from './TranscriptError.ts';

/**
 * Formats seconds as `HH:MM:SS` followed by the separator and milliseconds (SRT uses `,`, WebVTT `.`); with `null`
 * the milliseconds are left out and the seconds truncated, as a reading timestamp shows them. Hours grow past two
 * digits rather than wrap.
 *
 * @example
 * formatTimecode(3723.4567, ',') // '01:02:03,457'
 * formatTimecode(3723.9, null)   // '01:02:03'
 */
export function formatTimecode(seconds: number, separator: ',' | '.' | null = '.'): string {
  if (!(Number.isFinite(seconds) && seconds >= 0)) {
    throw new TranscriptError('invalid-time', `A timecode needs a finite, non-negative number of seconds (got ${seconds}).`);
  }
  return formatMilliseconds(Math.round(seconds * 1000), separator);
}

/** {@link formatTimecode} for a whole, non-negative number of milliseconds (the exporters compute in those). */
export function formatMilliseconds(ms: number, separator: ',' | '.' | null): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const clock = `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
  return separator === null ? clock : `${clock}${separator}${pad(ms % 1000, 3)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
