import { Hono } from 'hono';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { openApiDocument } from '../openApiDocument.ts';

/** `GET /api/openapi.json`, built once per app. */
export function openApiRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  let document: Record<string, unknown> | undefined;
  routes.get('/api/openapi.json', (c) => {
    document ??= openApiDocument({
      ...(deps.config.publicUrl === undefined ? {} : { serverUrl: deps.config.publicUrl }),
      uploadLimitBytes: deps.config.uploadLimitBytes,
    });
    return c.json(document);
  });
  return routes;
}
