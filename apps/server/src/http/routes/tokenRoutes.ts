import { Hono } from 'hono';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';
import { CreateTokenBody, toApiTokenJson } from '../schemas/tokenSchemas.ts';

/** The caller's own API tokens: `GET /`, `POST /`, `DELETE /:id`, mounted at `/api/tokens`. */
export function tokenRoutes(deps: AppDeps): Hono<AppEnv> {
  const { tokens } = deps;
  const routes = new Hono<AppEnv>();
  routes.use(requireAuth());

  routes.get('/', (c) => {
    const { user } = c.get('auth') as RequestAuth;
    return c.json({ tokens: tokens.list(user.id).map(toApiTokenJson) });
  });

  routes.post('/', async (c) => {
    const { user } = c.get('auth') as RequestAuth;
    const { name } = await readJson(c, CreateTokenBody);
    const created = tokens.create(user.id, name);
    // the secret is in this response only: no cache may keep it
    c.header('cache-control', 'no-store');
    return c.json({ token: created.token, apiToken: toApiTokenJson(created.apiToken) }, 201);
  });

  routes.delete('/:id', (c) => {
    const { user } = c.get('auth') as RequestAuth;
    const id = readIdParam(c, 'id', 'token');
    // scoped to the caller, so another account's token id reads as unknown
    if (!tokens.revoke(id, { userId: user.id })) {
      throw new HttpError(404, 'token-not-found', `You have no active API token ${id}.`);
    }
    return c.body(null, 204);
  });

  return routes;
}
