import type { z } from 'zod';

/** One route of the API as the OpenAPI document describes it. */
export interface ApiOperation {
  /** The OpenAPI operationId. */
  readonly id: string;
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono style: `/api/projects/:id`. */
  readonly path: string;
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
  /** Error statuses this route answers for a bad request, beyond 401 for `auth` routes. */
  readonly errors: readonly number[];
  /** Error descriptions that differ from the usual text of their status. */
  readonly errorText?: Readonly<Partial<Record<number, string>>>;
  /** Error bodies that carry more than the usual `{ error: { code, message } }`. */
  readonly errorSchemas?: Readonly<Partial<Record<number, z.ZodType>>>;
}
