import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, errorOf, startTestServer, type CookieLogin, type TestServer, type TestUser } from '../testServer.ts';

let server: TestServer;
let ada: TestUser;
let bob: TestUser;
let adaLogin: CookieLogin;

beforeAll(async () => {
  server = await startTestServer();
  ada = await server.createUser('ada');
  bob = await server.createUser('bob');
  adaLogin = await server.login(ada.user.email, ada.password);
});

afterAll(() => server.close());

function createToken(name: unknown): Promise<Response> {
  return server.fetch('/api/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: adaLogin.cookie, 'x-csrf-token': adaLogin.csrfToken },
    body: JSON.stringify({ name }),
  });
}

describe('API tokens over HTTP', () => {
  it('creates a token shown once, which then authenticates as its account without CSRF', async () => {
    const response = await createToken('laptop CLI');
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { token, apiToken } = (await response.json()) as { token: string; apiToken: { id: string; name: string } };
    expect(token).toMatch(/^vbt_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: 'laptop CLI', lastUsedAt: null, revokedAt: null });

    const listed = await (await server.fetch('/api/tokens', { headers: { cookie: adaLogin.cookie } })).text();
    expect(listed).toContain(apiToken.id);
    expect(listed).not.toContain(token);

    const me = await server.fetch('/api/me', { headers: bearer(token) });
    expect(await me.json()).toMatchObject({ user: { id: ada.user.id }, authenticatedWith: 'api-token', csrfToken: null });
    const write = await server.fetch('/api/projects', { method: 'POST', headers: bearer(token), body: JSON.stringify({ name: 'From a script' }) });
    expect(write.status).toBe(201);
  });

  it('revokes a token: it stops working, and revoking again is a 404', async () => {
    const { token, apiToken } = (await (await createToken('short-lived')).json()) as { token: string; apiToken: { id: string } };
    expect((await server.fetch('/api/me', { headers: bearer(token) })).status).toBe(200);

    const revoke = () => server.fetch(`/api/tokens/${apiToken.id}`, { method: 'DELETE', headers: bearer(ada.token) });
    expect((await revoke()).status).toBe(204);
    const refused = await server.fetch('/api/me', { headers: bearer(token) });
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await errorOf(refused)).toMatchObject({ status: 401, code: 'invalid-token' });
    expect(await errorOf(await revoke())).toMatchObject({ status: 404, code: 'token-not-found' });

    const listed = (await (await server.fetch('/api/tokens', { headers: bearer(ada.token) })).json()) as { tokens: Array<{ id: string; revokedAt: number | null }> };
    expect(listed.tokens.find((t) => t.id === apiToken.id)?.revokedAt).toEqual(expect.any(Number));
  });

  it("cannot see or revoke another account's token", async () => {
    const bobsTokenId = server.tokens.list(bob.user.id)[0]!.id;
    const listed = await (await server.fetch('/api/tokens', { headers: bearer(ada.token) })).text();
    expect(listed).not.toContain(bobsTokenId);
    const response = await server.fetch(`/api/tokens/${bobsTokenId}`, { method: 'DELETE', headers: bearer(ada.token) });
    expect(await errorOf(response)).toMatchObject({ status: 404, code: 'token-not-found' });
    expect((await server.fetch('/api/me', { headers: bearer(bob.token) })).status).toBe(200);
  });

  it('needs the CSRF token when created from a cookie session', async () => {
    const response = await server.fetch('/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: adaLogin.cookie },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(await errorOf(response)).toMatchObject({ status: 403, code: 'csrf-token-missing' });
  });

  it('refuses bad names and anonymous callers precisely', async () => {
    expect(await errorOf(await createToken('  '))).toMatchObject({ status: 422, code: 'invalid-token-name', message: 'A token name is required.' });
    expect(await errorOf(await createToken(42))).toMatchObject({ status: 422, code: 'invalid-body' });
    expect(await errorOf(await server.fetch('/api/tokens'))).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('refuses malformed Authorization headers instead of treating them as anonymous', async () => {
    for (const authorization of ['Basic YWRhOnB3', 'Bearer', `Bearer ${ada.token} extra`]) {
      const response = await server.fetch('/api/me', { headers: { authorization } });
      expect(await errorOf(response)).toMatchObject({ status: 401, code: 'invalid-authorization' });
    }
    for (const authorization of ['Bearer vbt_short', `Bearer vbt_${'A'.repeat(43)}`, `Bearer ${'x'.repeat(5000)}`]) {
      const response = await server.fetch('/api/me', { headers: { authorization } });
      expect(await errorOf(response)).toMatchObject({ status: 401, code: 'invalid-token' });
    }
  });

  it('stops a token of a disabled account', async () => {
    const carol = await server.createUser('carol');
    expect((await server.fetch('/api/me', { headers: bearer(carol.token) })).status).toBe(200);
    server.accounts.setDisabled(carol.user.id, true);
    expect(await errorOf(await server.fetch('/api/me', { headers: bearer(carol.token) }))).toMatchObject({ status: 401, code: 'invalid-token' });
  });
});
