/** An inclusive byte range of a file, as `Content-Range` states it. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Reads a `Range` request header against a file of `size` bytes (RFC 9110 §14): `undefined` means serve the
 * whole file (no header, another unit, a syntax error, or several ranges, which this server answers in full),
 * `'unsatisfiable'` means 416, otherwise the one range to serve, clamped to the file.
 *
 * @example
 * parseRange('bytes=0-99', 1000)  // { start: 0, end: 99 }
 * parseRange('bytes=-100', 1000)  // { start: 900, end: 999 }
 * parseRange('bytes=2000-', 1000) // 'unsatisfiable'
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}
