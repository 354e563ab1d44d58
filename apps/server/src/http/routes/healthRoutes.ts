import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { checkModelBundle, type CheckResult } from '../checkModelBundle.ts';
import { HealthResponse, ReadinessResponse } from '../schemas/healthSchemas.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const healthRoute = apiRoute({
  id: 'health', method: 'get', path: '/healthz', tag: 'operations', auth: false, errors: [],
  summary: 'Liveness: the process answers.',
  success: { status: 200, schema: HealthResponse, description: 'The server is up.' },
});

const readinessRoute = apiRoute({
  id: 'readiness', method: 'get', path: '/readyz', tag: 'operations', auth: false, errors: [],
  summary: 'Readiness: the database answers and the model bundle is present.',
  success: { status: 200, alsoStatus: 503, schema: ReadinessResponse, description: 'Ready to serve (200) or not (503), with each check.' },
});

/** `GET /healthz` (the process answers) and `GET /readyz` (the database answers and the model bundle is there). */
export function healthRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const routes = new OpenAPIHono<AppEnv>();

  serveRoute(routes, healthRoute, (c) => c.json({ status: 'ok' as const }));

  serveRoute(routes, readinessRoute, async (c) => {
    const checks = { database: checkDatabase(deps), model: await checkModelBundle(deps.config.modelDir) };
    const ready = checks.database.ok && checks.model.ok;
    return c.json({ status: ready ? ('ready' as const) : ('not-ready' as const), checks }, ready ? 200 : 503);
  });

  return routes;
}

function checkDatabase(deps: AppDeps): CheckResult {
  try {
    deps.db.prepare('SELECT 1').get();
    return { ok: true, message: 'answers' };
  } catch (error) {
    return { ok: false, message: `The database does not answer: ${(error as Error).message}` };
  }
}
