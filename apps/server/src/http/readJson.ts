import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from './HttpError.ts';

const MAX_LISTED_ISSUES = 5;

/**
 * The request's JSON body checked against `schema`, or an {@link HttpError}: 415 `unsupported-media-type` unless
 * `Content-Type` is `application/json`, 400 `empty-body` / `malformed-json`, 422 `invalid-body` listing what is
 * wrong field by field. The size was already limited by `bodyLimit`.
 *
 * @example
 * const { name } = await readJson(c, CreateProjectBody);
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const contentType = c.req.header('content-type');
  const mediaType = contentType?.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    const got = contentType === undefined ? 'no Content-Type' : `Content-Type ${JSON.stringify(contentType.slice(0, 100))}`;
    throw new HttpError(415, 'unsupported-media-type', `Send the request body as JSON with Content-Type: application/json (got ${got}).`);
  }
  const text = await c.req.text();
  if (text.trim() === '') throw new HttpError(400, 'empty-body', 'The request body is empty; send a JSON object.');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'malformed-json', `The request body is not valid JSON: ${(error as Error).message}.`);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new HttpError(422, 'invalid-body', describeIssues(result.error.issues));
  return result.data;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const at = issue.path.length === 0 ? 'body' : issue.path.map(String).join('.');
    return `${at}: ${issue.message}`;
  });
  const more = issues.length > MAX_LISTED_ISSUES ? ` (and ${issues.length - MAX_LISTED_ISSUES} more)` : '';
  return `The request body is not what this endpoint accepts. ${listed.join('; ')}${more}.`;
}
