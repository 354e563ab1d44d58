/** One cell of a CSV file: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * A CSV document (RFC 4180: comma separated, CRLF line ends, a field holding a comma, a quote or a line break in
 * quotes with its quotes doubled). Numbers are written in full (no locale formatting); null and undefined give an empty
 * cell, so "not enough data" stays distinguishable from 0.
 *
 * @example
 * toCsv([['slice', 'wer'], ['accent=scottish', 0.12]]) // 'slice,wer\r\naccent=scottish,0.12\r\n'
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + (rows.length > 0 ? '\r\n' : '');
}

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  // a leading =, +, - or @ would be a formula to a spreadsheet that opens the file
  const safe = /^[=+\-@\t\r]/u.test(text) && !/^-?\d/u.test(text) ? `'${text}` : text;
  return /[",\r\n]/u.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
