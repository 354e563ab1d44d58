import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';
import { CreatedTokenResponse, CreateTokenBody, toApiTokenJson, TokenListResponse } from '../schemas/tokenSchemas.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

const listTokensRoute = apiRoute({
  id: 'listTokens', method: 'get', path: '/', tag: 'tokens', auth: true, errors: [],
  summary: "The caller's API tokens, newest first, revoked ones included.",
  success: { status: 200, schema: TokenListResponse, description: 'The tokens, without their secrets.' },
});

const createTokenRoute = apiRoute({
  id: 'createToken', method: 'post', path: '/', tag: 'tokens', auth: true, body: CreateTokenBody, errors: [400, 403, 413, 415, 422],
  errorText: {
    403: 'session-required: an API token cannot create tokens; or a missing or wrong x-csrf-token.',
    422: 'The JSON does not fit the schema (an unknown scope, expiresInDays outside 1-365, both expiresInDays and expiresAt), or invalid-token-name, or invalid-token-expiry (expiresAt not in the future or more than 365 days ahead).',
  },
  summary:
    'Create an API token with a scope (read, transcribe or write; default write) and an optional expiry (at most 365 days); signed-in sessions only. Its secret is in this response only.',
  success: { status: 201, schema: CreatedTokenResponse, description: 'Created.' },
});

const revokeTokenRoute = apiRoute({
  id: 'revokeToken', method: 'delete', path: '/{id}', tag: 'tokens', auth: true, errors: [400, 403, 404],
  summary: 'Revoke one of your API tokens.',
  success: { status: 204, description: 'Revoked.' },
});

/**
 * The caller's own API tokens: `GET /`, `POST /`, `DELETE /:id`, mounted at `/api/tokens`. Only a signed-in person
 * (session cookie) creates tokens: a token cannot mint another, so every token traces back to a password sign-in, and
 * revoking a token or changing the password leaves no descendant behind.
 */
export function tokenRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { tokens } = deps;
  const now = deps.now ?? Date.now;
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, listTokensRoute, (c) => {
    const { user } = c.get('auth') as RequestAuth;
    return c.json({ tokens: tokens.list(user.id).map(toApiTokenJson) });
  });

  serveRoute(routes, createTokenRoute, async (c) => {
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

  serveRoute(routes, revokeTokenRoute, (c) => {
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
