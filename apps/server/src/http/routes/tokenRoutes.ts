import { Hono } from 'hono';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';
import { CreateTokenBody, toApiTokenJson } from '../schemas/tokenSchemas.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The caller's own API tokens: `GET /`, `POST /`, `DELETE /:id`, mounted at `/api/tokens`. Only a signed-in person
 * (session cookie) creates tokens: a token cannot mint another, so every token traces back to a password sign-in, and
 * revoking a token or changing the password leaves no descendant behind.
 */
export function tokenRoutes(deps: AppDeps): Hono<AppEnv> {
  const { tokens } = deps;
  const now = deps.now ?? Date.now;
  const routes = new Hono<AppEnv>();
  routes.use(requireAuth());

  routes.get('/', (c) => {
    const { user } = c.get('auth') as RequestAuth;
    return c.json({ tokens: tokens.list(user.id).map(toApiTokenJson) });
  });

  routes.post('/', async (c) => {
    const { user, apiToken } = c.get('auth') as RequestAuth;
    // before the body is read, so a token learns nothing from validation
    if (apiToken !== undefined) {
      throw new HttpError(403, 'session-required', 'API tokens cannot create tokens: sign in (POST /api/auth/login) and create it with the session.');
    }
    const { name, scope, expiresInDays, expiresAt } = await readJson(c, CreateTokenBody);
    const expiry = expiresInDays === undefined ? expiresAt : now() + expiresInDays * DAY_MS;
    const created = tokens.create(user.id, name, { ...(scope !== undefined && { scope }), ...(expiry !== undefined && { expiresAt: expiry }) });
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
