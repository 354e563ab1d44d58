import type { MiddlewareHandler } from 'hono';
import { scopeAllows, type ApiTokenScope } from '../../auth/ApiTokenScope.ts';
import type { AppEnv } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';

/** Options of {@link requireTokenScope}. */
export interface RequireTokenScopeOptions {
  /**
   * Routes (`METHOD /path/:param`, as `apiOperationKeys` writes them) that need less than `write`. Reads (GET, HEAD,
   * OPTIONS) need `read` and are not listed; every other route not listed here needs `write`.
   */
  readonly routes?: Readonly<Record<string, ApiTokenScope>>;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Holds API tokens to their scope before any route runs: a read needs `read`, the routes named in `options.routes`
 * the scope they name, anything else `write`, so a route added later is closed to narrower tokens until someone
 * decides otherwise. A token short of the scope gets 403 `insufficient-scope`. Session cookies and anonymous requests
 * pass (the routes decide those). Must run after `authenticate`.
 *
 * @example
 * app.use('/api/*', requireTokenScope({ routes: { 'POST /api/projects/:id/media': 'transcribe' } }));
 */
export function requireTokenScope(options: RequireTokenScopeOptions = {}): MiddlewareHandler<AppEnv> {
  const routes = Object.entries(options.routes ?? {}).map(([route, scope]) => ({ ...compile(route), scope }));
  return async function requireTokenScopeMiddleware(c, next) {
    const token = c.get('auth')?.apiToken;
    if (token === undefined) return next();
    const method = c.req.method;
    const needed: ApiTokenScope = READ_METHODS.has(method)
      ? 'read'
      : (routes.find((route) => route.method === method && route.pattern.test(c.req.path))?.scope ?? 'write');
    if (scopeAllows(token.scope, needed)) return next();
    throw new HttpError(
      403,
      'insufficient-scope',
      `This API token has the ${token.scope} scope; ${method} ${c.req.path} needs ${needed}. Create a token with that scope (POST /api/tokens, signed in).`,
    );
  };
}

// `/api/projects/:id/media` -> /^\/api\/projects\/[^/]+\/media\/?$/
function compile(route: string): { method: string; pattern: RegExp } {
  const [method, path] = route.split(' ') as [string, string];
  const source = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return { method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`) };
}
