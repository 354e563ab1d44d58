import type { Context } from 'hono';
import { HttpError } from './HttpError.ts';

// Every id the server hands out is a crypto.randomUUID().
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The path parameter `name` as an id, or 400 `invalid-id` when it cannot be one (so a traversal attempt or a
 * 10 kB segment never reaches a query). `what` names it in the message ("project", "user").
 */
export function readIdParam(c: Context, name: string, what: string): string {
  const value = c.req.param(name);
  if (value === undefined || !UUID.test(value)) {
    throw new HttpError(400, 'invalid-id', `The ${what} id in the URL is not a valid id; ids look like 3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b.`);
  }
  return value.toLowerCase();
}
