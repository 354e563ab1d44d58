/**
 * Turns the bridge's rows (arrays, in the order of `names`) into objects as better-sqlite3 gives them. The worker's
 * type parsers already made numbers of int8/numeric and 1/0 of booleans; what crossed the thread boundary as a
 * plain Uint8Array (bytea) becomes a Buffer again.
 */
export function toRowObjects(names: readonly string[], rows: readonly unknown[][]): Record<string, unknown>[] {
  const out = new Array<Record<string, unknown>>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const values = rows[r]!;
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = toValue(values[c]);
    out[r] = row;
  }
  return out;
}

/** One value of a row: a Buffer for bytea, the value itself otherwise. */
export function toValue(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}
