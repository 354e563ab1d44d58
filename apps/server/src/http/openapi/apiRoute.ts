import { createRoute, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, Env } from 'hono';
import { z } from 'zod';
import { ErrorResponse } from '../schemas/errorSchemas.ts';

/** One route of the API as its route file declares it; {@link apiRoute} turns it into a `createRoute` config. */
export interface ApiOperation {
  /** The OpenAPI operationId. */
  readonly id: string;
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style, relative to where the routes are mounted: `/{id}`. */
  readonly path: string;
  /** Path parameters of the mount point, before those of `path` (`['id']` for routes under `/api/projects/:id/members`). */
  readonly mountParams?: readonly string[];
  readonly summary: string;
  readonly tag: string;
  /** Whether the caller must be logged in (session cookie) or send an API token. */
  readonly auth: boolean;
  /** The JSON request body. */
  readonly body?: z.ZodType;
  /** The request is `multipart/form-data` with one or more `file` parts instead of JSON. */
  readonly upload?: true;
  /** Path parameters that are not uuids (the others are), with what they hold. */
  readonly pathParams?: Readonly<Record<string, { readonly description: string; readonly maxLength?: number }>>;
  /** Query parameters, all optional unless `required`. */
  readonly query?: Readonly<Record<string, { readonly schema: z.ZodType; readonly description: string; readonly required?: true }>>;
  /**
   * The success status and its body (none for 204); `alsoStatus` is answered with the same body (201 created, 503 not
   * ready). A JSON body names its `schema`; any other body lists its media types in `media` (binary unless text/*).
   */
  readonly success: {
    readonly status: 200 | 201 | 202 | 204;
    readonly alsoStatus?: 201 | 206 | 503;
    readonly schema?: z.ZodType;
    readonly media?: readonly string[];
    readonly description: string;
  };
  /** Error statuses this route answers for a bad request, beyond 401 and 403 for `auth` routes. */
  readonly errors: readonly number[];
  /** Error descriptions that differ from the usual text of their status. */
  readonly errorText?: Readonly<Partial<Record<number, string>>>;
  /** Error bodies that carry more than the usual `{ error: { code, message } }`. */
  readonly errorSchemas?: Readonly<Partial<Record<number, z.ZodType>>>;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad request: malformed JSON, an empty body or an id that cannot exist.',
  401: 'No valid session cookie or API token.',
  403: 'Not allowed: a missing or wrong x-csrf-token on a cookie-authenticated write, or a role too low.',
  404: 'Unknown id, or a project the caller is not a member of.',
  409: 'Conflicts with the current state (e.g. removing the last owner).',
  413: 'The body is larger than 1 MiB.',
  415: 'The body is not sent as application/json.',
  422: 'The JSON does not fit the schema; the message lists each problem.',
  416: 'The Range lies outside the file.',
  429: 'too-many-attempts: too many failed password checks; Retry-After says in how many seconds to try again.',
  503: 'Service unavailable.',
};

// One or more parts named "file"; each part's own name and type are kept as the file name but never trusted.
const UPLOAD_CONTENT: NonNullable<NonNullable<NonNullable<RouteConfig['request']>['body']>['content'][string]> = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'array', minItems: 1, items: { type: 'string', contentMediaType: 'application/octet-stream' } } },
  },
  encoding: { file: { contentType: 'application/octet-stream' } },
};

const CSRF_HEADER = z.object({
  'x-csrf-token': z.string().optional().meta({ description: 'Required when authenticated by the session cookie (see GET /api/me); not with an API token.' }),
});

/**
 * The `createRoute` config of `operation`: its parameters, body and every response it answers, errors included,
 * with the zod schemas the route's handler validates with (named components, see `apiComponents`).
 */
export function apiRoute(operation: ApiOperation): RouteConfig {
  const pathNames = [...(operation.mountParams ?? []), ...[...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name!)];
  const params = Object.fromEntries(
    pathNames.map((name) => {
      const text = operation.pathParams?.[name];
      const schema = text === undefined ? z.uuid() : (text.maxLength === undefined ? z.string().min(1) : z.string().min(1).max(text.maxLength)).meta({ description: text.description });
      return [name, schema];
    }),
  );
  const query = Object.fromEntries(
    Object.entries(operation.query ?? {}).map(([name, q]) => [name, (q.required ? q.schema : q.schema.optional()).meta({ description: q.description })]),
  );
  const { success } = operation;
  const content = successContent(success);
  const responses: RouteConfig['responses'] = { [success.status]: { description: success.description, ...(content && { content: content as never }) } };
  if (success.alsoStatus !== undefined) responses[success.alsoStatus] = { description: success.description, ...(content && { content: content as never }) };
  // every authenticated route may refuse a one-time password or (beyond reads) a token's scope
  const errors = operation.auth ? [401, 403, ...operation.errors] : operation.errors;
  for (const status of [...new Set(errors)].sort()) {
    let description = operation.errorText?.[status] ?? STATUS_TEXT[status] ?? 'Error.';
    if (status === 403 && operation.auth) {
      description += ` Also password-change-required: the account must first change its one-time password${operation.method === 'get' ? '' : "; insufficient-scope: the API token's scope does not cover this route"}.`;
    }
    const schema = operation.errorSchemas?.[status];
    responses[status] = {
      description,
      content: { 'application/json': { schema: schema === undefined ? ErrorResponse : z.union([schema, ErrorResponse]) } },
    };
  }
  const request: NonNullable<RouteConfig['request']> = {
    ...(pathNames.length > 0 && { params: z.object(params) }),
    ...(operation.query !== undefined && { query: z.object(query) }),
    ...(operation.auth && operation.method !== 'get' && { headers: CSRF_HEADER }),
    ...(operation.body && { body: { required: true, content: { 'application/json': { schema: operation.body } } } }),
    ...(operation.upload && { body: { required: true, content: { 'multipart/form-data': UPLOAD_CONTENT } } }),
  };
  return createRoute({
    operationId: operation.id,
    method: operation.method,
    path: operation.path,
    summary: operation.summary,
    tags: [operation.tag],
    security: operation.auth ? [{ session: [] }, { apiToken: [] }] : [],
    ...(Object.keys(request).length > 0 && { request }),
    responses,
  });
}

type Content = Record<string, { schema: unknown }>;

function successContent(success: ApiOperation['success']): Content | undefined {
  if (success.schema !== undefined) return { 'application/json': { schema: success.schema } };
  if (success.media === undefined) return undefined;
  return Object.fromEntries(
    success.media.map((type) => [
      type,
      { schema: type.startsWith('text/') || type.includes('charset=') ? { type: 'string' } : { type: 'string', contentMediaType: type.split(';')[0] } },
    ]),
  );
}

/**
 * Serves `route` on `routes` with `handler` and registers it for the document. The handler checks the request
 * itself, with the schemas the route declares (`readIdParam`, `readJson`, `readQuery`), after its permission checks:
 * `routes.openapi()` would validate before the handler, so a caller without the role would learn from a 422 what a
 * body should hold, and its errors are not the API's `{ error: { code, message } }`.
 */
export function serveRoute<E extends Env>(routes: OpenAPIHono<E>, route: RouteConfig, handler: (c: Context<E>) => Response | Promise<Response>): void {
  routes.openAPIRegistry.registerPath(route);
  routes.on(route.method.toUpperCase(), route.path.replaceAll(/\{(\w+)\}/g, ':$1'), handler);
}
