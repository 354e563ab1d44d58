import { describe, expect, it } from 'vitest';
import { API_OPERATIONS } from './apiOperations.ts';
import { TOKEN_SCOPE_ROUTES } from './tokenScopeRoutes.ts';

describe('TOKEN_SCOPE_ROUTES', () => {
  it('names only routes the API has, none of them a read', () => {
    const routes = new Set(API_OPERATIONS.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`));
    for (const route of Object.keys(TOKEN_SCOPE_ROUTES)) {
      expect(routes, route).toContain(route);
      expect(route.startsWith('GET '), route).toBe(false);
    }
  });
});
