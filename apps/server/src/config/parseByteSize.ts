const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

// Decimal units are powers of 1000 and binary ones powers of 1024, as their names say; a bare number is bytes.
const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * Reads a size such as `2GiB`, `500 MB`, `1.5gib` or `1048576` (bytes) into a whole number of bytes;
 * undefined when it is not one (unknown unit, negative, not a number, beyond 2^53).
 *
 * @example
 * parseByteSize('2GiB'); // 2147483648
 * parseByteSize('2 GB'); // 2000000000
 */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (match === null) return undefined;
  const factor = UNITS[match[2]!.toLowerCase()];
  if (factor === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
