const PART = /(\d+(?:\.\d+)?)\s*(hours?|h|minutes?|min|ms|m|seconds?|sec|s)?/gy;
const SECONDS: Readonly<Record<string, number>> = { h: 3600, hour: 3600, hours: 3600, m: 60, min: 60, minute: 60, minutes: 60, s: 1, sec: 1, second: 1, seconds: 1, ms: 0.001 };

/**
 * Reads a duration such as `6h`, `90min`, `1h30m`, `45s`, `1500ms` or `3600` (seconds) into seconds; undefined when
 * it is not one (unknown unit, negative, empty, not a number).
 *
 * @example
 * parseDuration('1h30m'); // 5400
 * parseDuration('60');    // 60
 */
export function parseDuration(text: string): number | undefined {
  const input = text.trim().toLowerCase();
  if (input === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(input)) return Number(input);
  let seconds = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const start = PART.lastIndex;
    const match = PART.exec(input);
    if (match === null || match[2] === undefined) return undefined;
    seconds += Number(match[1]) * SECONDS[match[2]]!;
    while (input[PART.lastIndex] === ' ') PART.lastIndex++;
    if (PART.lastIndex === start) return undefined;
  }
  return Number.isFinite(seconds) ? seconds : undefined;
}
