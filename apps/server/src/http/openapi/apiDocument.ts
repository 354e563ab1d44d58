import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { nameApiComponents } from './apiComponents.ts';

/** The version of the API the document describes. */
export const API_VERSION = '0.1.0';

type JsonObject = Record<string, any>;

const DESCRIPTION =
  'Errors are JSON { "error": { "code", "message" } }. Browsers authenticate with the HttpOnly verbatim_session cookie ' +
  'from POST /api/auth/login and send its CSRF token as x-csrf-token on every POST/PUT/PATCH/DELETE; scripts send ' +
  '"Authorization: Bearer vbt_…" and need no CSRF token. An API token has a scope: read (every GET), transcribe (read, ' +
  'plus POST /api/projects/{id}/media, POST /api/projects/{id}/jobs and POST /api/jobs/{id}/cancel) or write (everything ' +
  "but creating tokens, which takes a signed-in session); the account's project roles apply on top, and a token narrower " +
  'than write opens transcripts (/yjs/{id}) read-only. An account that still has a one-time password gets 403 ' +
  'password-change-required from everything but login, logout, GET /api/me and POST /api/me/password.';

/**
 * The OpenAPI 3.1 document of `app`, generated from the routes its route files declare (`apiRoute`, `serveRoute`)
 * with the zod schemas their handlers validate with.
 */
export function apiDocument<E extends Env>(app: OpenAPIHono<E>, options: { serverUrl?: string; uploadLimitBytes?: number } = {}): JsonObject {
  nameApiComponents();
  const document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'Verbatim API', version: API_VERSION, description: DESCRIPTION },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
  }) as JsonObject;
  document['components'] = {
    ...document['components'],
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'verbatim_session' },
      apiToken: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/tokens (vbt_…).' },
    },
  };
  for (const methods of Object.values(document['paths'] as Record<string, Record<string, JsonObject>>)) {
    for (const operation of Object.values(methods)) {
      const tooLarge = operation['responses']?.['413'];
      // an upload's 413 says this server's own limit
      if (operation['requestBody']?.content?.['multipart/form-data'] !== undefined && tooLarge !== undefined && options.uploadLimitBytes !== undefined) {
        tooLarge.description += ` This server's limit is ${options.uploadLimitBytes} bytes per file.`;
      }
    }
  }
  return document;
}

/** Every operation of an OpenAPI `document` as `METHOD /path/:param` (Hono's way of writing a path), sorted. */
export function apiOperationKeys(document: JsonObject): string[] {
  return Object.entries(document['paths'] as Record<string, Record<string, unknown>>)
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
    .sort();
}
