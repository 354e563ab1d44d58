import type { MiddlewareHandler } from 'hono';
import { verifyCsrfToken } from '../../auth/csrfToken.ts';
import type { AppEnv } from '../AppEnv.ts';
import { HttpError } from '../HttpError.ts';

/** Options of {@link requireCsrfToken}. */
export interface RequireCsrfTokenOptions {
  /** Request header carrying the token (default `x-csrf-token`). */
  readonly header?: string;
  /** Paths checked by nothing here (login, which does not act as the session the browser may still hold). */
  readonly exemptPaths?: readonly string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Protects cookie-authenticated writes from cross-site request forgery: a POST/PUT/PATCH/DELETE that
 * `authenticate` accepted through the session cookie must carry the session's CSRF token (from `GET /api/me` or
 * the login response) in `x-csrf-token`; otherwise 403 `csrf-token-missing` / `csrf-token-invalid`.
 * Bearer-token and anonymous requests pass: a browser never adds an Authorization header on its own.
 * Must run after `authenticate`.
 */
export function requireCsrfToken(options: RequireCsrfTokenOptions = {}): MiddlewareHandler<AppEnv> {
  const header = options.header ?? 'x-csrf-token';
  const exempt = new Set(options.exemptPaths ?? []);
  return async function requireCsrfTokenMiddleware(c, next) {
    const session = c.get('auth')?.session;
    if (session === undefined || SAFE_METHODS.has(c.req.method) || exempt.has(c.req.path)) return next();
    const token = c.req.header(header);
    if (token === undefined || token === '') {
      throw new HttpError(
        403,
        'csrf-token-missing',
        `This request is authenticated by the session cookie, so it needs the ${header} header; read the token from GET /api/me.`,
      );
    }
    if (!verifyCsrfToken(session, token)) {
      throw new HttpError(403, 'csrf-token-invalid', `The ${header} header does not match this session; read the current token from GET /api/me.`);
    }
    return next();
  };
}
