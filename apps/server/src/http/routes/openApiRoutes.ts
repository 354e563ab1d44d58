import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { apiDocument } from '../openapi/apiDocument.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';
import { OpenApiDocumentJson } from '../schemas/openApiSchemas.ts';

const openApiRoute = apiRoute({
  id: 'openApi', method: 'get', path: '/api/openapi.json', tag: 'operations', auth: false, errors: [],
  summary: 'This document.',
  success: { status: 200, schema: OpenApiDocumentJson, description: 'The OpenAPI 3.1 document.' },
});

/**
 * `GET /api/openapi.json`: the document of `app` (the app these routes are mounted in, with every other route
 * mounted by the time the first request comes), generated once from its routes.
 */
export function openApiRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const routes = new OpenAPIHono<AppEnv>();
  let document: Record<string, unknown> | undefined;
  serveRoute(routes, openApiRoute, (c) => {
    document ??= apiDocument(app, {
      ...(deps.config.publicUrl === undefined ? {} : { serverUrl: deps.config.publicUrl }),
      uploadLimitBytes: deps.config.uploadLimitBytes,
    });
    return c.json(document);
  });
  return routes;
}
