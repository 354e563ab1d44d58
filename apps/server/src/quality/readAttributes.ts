import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from '../http/HttpError.ts';
import { readJson } from '../http/readJson.ts';
import { z as zod } from 'zod';

const ANY = zod.unknown();

/**
 * The request body checked against an attribute schema, answering 400 `invalid-attributes` with each problem (a key
 * or value too long or empty, too many keys, more than 4 KB per recording or speaker) rather than the generic 422.
 */
export async function readAttributes<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const body = await readJson(c, ANY);
  const result = schema.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.length === 0 ? 'body' : issue.path.map(String).join('.')}: ${issue.message}`);
    throw new HttpError(400, 'invalid-attributes', `Attributes are free-form strings within bounds (keys ≤ 40 characters, values ≤ 100, ≤ 20 keys, ≤ 4 KB per recording or speaker). ${problems.join('; ')}.`);
  }
  return result.data;
}
