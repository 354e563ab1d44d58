import { describe, expect, it } from 'vitest';
import { startTestServer } from '../../test/testServer.ts';
import { apiOperationKeys } from './openapi/apiDocument.ts';
import { TOKEN_SCOPE_ROUTES } from './tokenScopeRoutes.ts';

describe('TOKEN_SCOPE_ROUTES', () => {
  it('names only routes the API has, none of them a read', async () => {
    const server = await startTestServer();
    const routes = new Set(apiOperationKeys((await (await server.fetch('/api/openapi.json')).json()) as Record<string, unknown>));
    await server.close();
    for (const route of Object.keys(TOKEN_SCOPE_ROUTES)) {
      expect(routes, route).toContain(route);
      expect(route.startsWith('GET '), route).toBe(false);
    }
  });
});
