import { ATTRIBUTE_LIMITS, RecordingAttributesJson } from '@verbatim/core/api';

/** One row of the attributes editor (a key and its value as typed). */
export interface AttributeRow {
  key: string;
  value: string;
}

/** The rows of a stored set of attributes, in key order. */
export function attributesToRows(attributes: Readonly<Record<string, string>>): AttributeRow[] {
  return Object.entries(attributes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ key, value }));
}

/**
 * The attributes the rows describe, checked against the server's own limits (core's `RecordingAttributesJson`: keys and
 * values not empty, keys ≤ 40 characters, values ≤ 100, ≤ 20 keys, ≤ 4 KB as JSON) with the same messages the
 * server gives. Rows left wholly empty are ignored; a key given twice is a problem.
 *
 * @example
 * rowsToAttributes([{ key: 'accent', value: 'scottish' }]) // { attributes: { accent: 'scottish' }, problems: [] }
 */
export function rowsToAttributes(rows: readonly AttributeRow[]): { attributes: Record<string, string>; problems: string[] } {
  const attributes: Record<string, string> = {};
  const problems: string[] = [];
  for (const row of rows) {
    const key = row.key.trim();
    const value = row.value.trim();
    if (key === '' && value === '') continue;
    if (key === '') {
      problems.push(`The value "${value}" has no attribute name.`);
      continue;
    }
    if (Object.hasOwn(attributes, key)) problems.push(`"${key}" is given twice.`);
    attributes[key] = value;
  }
  const parsed = RecordingAttributesJson.safeParse(attributes);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.length > 0 ? `"${String(issue.path.at(-1))}": ` : '';
      // a bad key is reported as "invalid key" with the key schema's own issues inside
      const messages = issue.code === 'invalid_key' ? issue.issues.map((inner) => inner.message) : [issue.message];
      for (const message of messages) problems.push(`${where}${message}.`);
    }
  }
  return { attributes, problems: [...new Set(problems)] };
}

/** The limits in words, for the editor's hint. */
export const ATTRIBUTE_HINT = `Up to ${ATTRIBUTE_LIMITS.keys} attributes; names up to ${ATTRIBUTE_LIMITS.keyChars} characters, values up to ${ATTRIBUTE_LIMITS.valueChars}, ${ATTRIBUTE_LIMITS.bytes / 1024} KB in all.`;
