import { Hono } from 'hono';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv } from '../AppEnv.ts';
import { checkModelBundle, type CheckResult } from '../checkModelBundle.ts';

/** `GET /healthz` (the process answers) and `GET /readyz` (the database answers and the model bundle is there). */
export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/healthz', (c) => c.json({ status: 'ok' as const }));

  routes.get('/readyz', async (c) => {
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
