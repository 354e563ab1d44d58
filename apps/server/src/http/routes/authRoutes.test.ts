import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer, type TestUser } from '../../../test/testServer.ts';

let server: TestServer;
let ada: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  ada = await server.createUser('ada');
});

afterAll(() => server.close());

function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return server.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('POST /api/auth/login', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and returns the user and a CSRF token', async () => {
    const response = await postJson('/api/auth/login', { email: ' Ada@Example.org ', password: ada.password });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: Record<string, unknown>; csrfToken: string };
    expect(body.user).toEqual({
      id: ada.user.id,
      email: 'ada@example.org',
      displayName: 'ada',
      isAdmin: false,
      mustChangePassword: false,
      createdAt: ada.user.createdAt,
    });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    const attributes = cookies[0]!.split(';').map((part) => part.trim());
    expect(attributes[0]).toMatch(/^verbatim_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${30 * 24 * 3600}`]));
    expect(attributes).not.toContain('Secure');
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    const wrong = await errorOf(await postJson('/api/auth/login', { email: 'ada@example.org', password: 'not the password' }));
    const unknown = await errorOf(await postJson('/api/auth/login', { email: 'nobody@example.org', password: 'not the password' }));
    expect(wrong).toEqual({ status: 401, code: 'invalid-credentials', message: 'The email address or the password is wrong.' });
    expect(unknown).toEqual(wrong);
  });

  it('validates the body', async () => {
    const missing = await errorOf(await postJson('/api/auth/login', { email: 'ada@example.org' }));
    expect(missing.status).toBe(422);
    expect(missing.code).toBe('invalid-body');
    expect(missing.message).toContain('password: Invalid input: expected string, received undefined');
  });

  it('ends the session the browser held before', async () => {
    const first = await server.login(ada.user.email, ada.password);
    const second = await postJson('/api/auth/login', { email: ada.user.email, password: ada.password }, { cookie: first.cookie });
    expect(second.status).toBe(200);
    expect((await server.fetch('/api/me', { headers: { cookie: first.cookie } })).status).toBe(401);
  });
});

describe('GET /api/me', () => {
  it('returns the user, the session CSRF token and the memberships', async () => {
    const login = await server.login(ada.user.email, ada.password);
    const project = server.projects.createProject('Oral history', ada.user.id);
    const response = await server.fetch('/api/me', { headers: { cookie: login.cookie } });
    expect(response.status).toBe(200);
    const me = (await response.json()) as Record<string, unknown>;
    expect(me).toMatchObject({ user: { id: ada.user.id }, authenticatedWith: 'session', csrfToken: login.csrfToken });
    expect(me['memberships']).toEqual([{ id: project.id, name: 'Oral history', createdAt: project.createdAt, role: 'owner', reviewThreshold: 0.6 }]);
  });

  it('answers 401 to anonymous callers and to unknown cookies', async () => {
    for (const headers of [{}, { cookie: 'verbatim_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, { cookie: 'verbatim_session=../../x' }]) {
      const response = await server.fetch('/api/me', { headers });
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await errorOf(response)).toMatchObject({ status: 401, code: 'unauthenticated' });
    }
  });
});

describe('CSRF', () => {
  it('requires the x-csrf-token header on cookie-authenticated writes', async () => {
    const login = await server.login(ada.user.email, ada.password);
    const missing = await errorOf(await postJson('/api/projects', { name: 'A' }, { cookie: login.cookie }));
    expect(missing).toMatchObject({ status: 403, code: 'csrf-token-missing' });
    const wrong = await errorOf(await postJson('/api/projects', { name: 'A' }, { cookie: login.cookie, 'x-csrf-token': 'x'.repeat(43) }));
    expect(wrong).toMatchObject({ status: 403, code: 'csrf-token-invalid' });
    const ok = await postJson('/api/projects', { name: 'A' }, { cookie: login.cookie, 'x-csrf-token': login.csrfToken });
    expect(ok.status).toBe(201);
  });

  it("refuses another session's token", async () => {
    const mine = await server.login(ada.user.email, ada.password);
    const other = await server.login(ada.user.email, ada.password);
    const response = await postJson('/api/projects', { name: 'B' }, { cookie: mine.cookie, 'x-csrf-token': other.csrfToken });
    expect(await errorOf(response)).toMatchObject({ status: 403, code: 'csrf-token-invalid' });
  });

  it('does not apply to bearer-token requests, even with a cookie beside the token', async () => {
    const login = await server.login(ada.user.email, ada.password);
    const response = await postJson('/api/projects', { name: 'C' }, { authorization: `Bearer ${ada.token}`, cookie: login.cookie });
    expect(response.status).toBe(201);
  });

  it('leaves reads alone', async () => {
    const login = await server.login(ada.user.email, ada.password);
    expect((await server.fetch('/api/projects', { headers: { cookie: login.cookie } })).status).toBe(200);
  });
});

describe('POST /api/auth/logout', () => {
  it('needs the CSRF token, ends the session and clears the cookie', async () => {
    const login = await server.login(ada.user.email, ada.password);
    const refused = await server.fetch('/api/auth/logout', { method: 'POST', headers: { cookie: login.cookie } });
    expect(await errorOf(refused)).toMatchObject({ status: 403, code: 'csrf-token-missing' });

    const response = await server.fetch('/api/auth/logout', { method: 'POST', headers: { cookie: login.cookie, 'x-csrf-token': login.csrfToken } });
    expect(response.status).toBe(204);
    const cleared = response.headers.getSetCookie()[0]!;
    expect(cleared).toMatch(/^verbatim_session=;/);
    expect(cleared).toContain('Max-Age=0');
    expect((await server.fetch('/api/me', { headers: { cookie: login.cookie } })).status).toBe(401);
  });

  it('is a no-op without a session', async () => {
    expect((await server.fetch('/api/auth/logout', { method: 'POST' })).status).toBe(204);
  });
});

describe('POST /api/me/password', () => {
  it('checks the current password, changes it and ends the other sessions only', async () => {
    const grace = await server.createUser('grace');
    const here = await server.login(grace.user.email, grace.password);
    const elsewhere = await server.login(grace.user.email, grace.password);
    const change = (current: string) =>
      postJson('/api/me/password', { currentPassword: current, newPassword: 'a much better password' }, { cookie: here.cookie, 'x-csrf-token': here.csrfToken });

    expect(await errorOf(await change('wrong password'))).toMatchObject({ status: 403, code: 'wrong-password' });
    const tooShort = await postJson(
      '/api/me/password',
      { currentPassword: grace.password, newPassword: 'short' },
      { cookie: here.cookie, 'x-csrf-token': here.csrfToken },
    );
    expect(await errorOf(tooShort)).toMatchObject({ status: 422, code: 'password-too-short' });
    for (const guessable of ['grace@example.org', 'password1234', 'gracegrace12']) {
      const weak = await postJson(
        '/api/me/password',
        { currentPassword: grace.password, newPassword: guessable },
        { cookie: here.cookie, 'x-csrf-token': here.csrfToken },
      );
      expect(await errorOf(weak), guessable).toMatchObject({ status: 422, code: 'password-too-weak' });
    }

    expect((await change(grace.password)).status).toBe(204);
    expect((await server.fetch('/api/me', { headers: { cookie: here.cookie } })).status).toBe(200);
    expect((await server.fetch('/api/me', { headers: { cookie: elsewhere.cookie } })).status).toBe(401);
    expect((await postJson('/api/auth/login', { email: grace.user.email, password: grace.password })).status).toBe(401);
    await server.login(grace.user.email, 'a much better password');
  });
});

describe('Secure cookies', () => {
  it('marks the session cookie Secure when the public URL is https', async () => {
    const secure = await startTestServer({ publicUrl: 'https://verbatim.example.org', secureCookies: true });
    try {
      const user = await secure.createUser('lin');
      const login = await secure.login(user.user.email, user.password);
      expect(login.setCookie.split(';').map((part) => part.trim())).toContain('Secure');
    } finally {
      await secure.close();
    }
  });
});

describe('login throttling', () => {
  // behind one trusted proxy, so each test can speak from addresses of its own
  let open: TestServer;
  let narrow: TestServer;
  beforeAll(async () => {
    open = await startTestServer({ trustProxy: 1 });
    narrow = await startTestServer({ trustProxy: 1, loginThrottle: { maxDelaySeconds: 2, addressFailures: 10, accountFailures: 6 } });
  });
  afterAll(async () => {
    await open?.close();
    await narrow?.close();
  });

  const loginFrom = (target: TestServer, address: string, email: string, password: string) =>
    target.fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.0.1, ${address}` },
      body: JSON.stringify({ email, password }),
    });

  it('holds back a guesser after 5 failures in a row, before hashing: 429 with Retry-After, even for the right password', async () => {
    const victim = await open.createUser('victim');
    const statuses: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 200; i++) {
      const response = await loginFrom(open, '203.0.113.7', victim.user.email, `guess number ${i}`);
      statuses.push(response.status);
      if (response.status === 429) {
        const retryAfter = Number(response.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(900);
        expect(await errorOf(response)).toMatchObject({ code: 'too-many-attempts', message: expect.stringMatching(/^Too many failed password attempts; try again in \d+ seconds?\./) });
      } else {
        await response.body?.cancel();
      }
    }
    // the first 5 are checked; then each further check waits 1, 2, 4 … s: in t seconds at most 1 + log2(t + 1) more
    // (about a second idle; a loaded machine only stretches t, never the rule)
    const seconds = (performance.now() - started) / 1000;
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5 + 1 + Math.ceil(Math.log2(seconds + 1)));
    expect(statuses.filter((status) => status !== 401).every((status) => status === 429)).toBe(true);
    // not checked while held back: the right password gets the same answer as a wrong one
    expect((await loginFrom(open, '203.0.113.7', victim.user.email, victim.password)).status).toBe(429);
    // the owner, elsewhere, is not held back by the guesser
    expect((await loginFrom(open, '198.51.100.2', victim.user.email, victim.password)).status).toBe(200);
    expect((await loginFrom(open, '2001:db8:1:2::9', victim.user.email, victim.password)).status).toBe(200);
  });

  it('holds back one address guessing across many accounts, whoever it names next', async () => {
    const sprayed = await narrow.createUser('sprayed');
    for (let i = 0; i < 10; i++) expect((await loginFrom(narrow, '203.0.113.50', `nobody${i}@example.org`, 'Summer2024!')).status).toBe(401);
    const held = await loginFrom(narrow, '203.0.113.50', sprayed.user.email, sprayed.password);
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    expect((await loginFrom(narrow, '203.0.113.51', sprayed.user.email, sprayed.password)).status).toBe(200);
  });

  it('never waits longer than the cap, and the right password then gets in and clears the count', async () => {
    const target = await narrow.createUser('capped');
    let held = 0;
    for (let i = 0; i < 12; i++) {
      const response = await loginFrom(narrow, '192.0.2.20', target.user.email, `wrong ${i}`);
      if (response.status === 429) {
        held += 1;
        expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(2);
      }
      await response.body?.cancel();
    }
    expect(held).toBeGreaterThan(0);
    let status = 0;
    for (let tries = 0; tries < 4 && status !== 200; tries++) {
      const response = await loginFrom(narrow, '192.0.2.20', target.user.email, target.password);
      status = response.status;
      if (status === 429) await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after')) * 1000));
      await response.body?.cancel();
    }
    expect(status).toBe(200);
    // a success forgets the run of failures: the next wrong password is checked again
    expect((await loginFrom(narrow, '192.0.2.20', target.user.email, 'wrong again')).status).toBe(401);
  });

  it('holds back new addresses when many guess at one account, never the addresses it signed in from', async () => {
    const target = await narrow.createUser('popular');
    expect((await loginFrom(narrow, '192.0.2.80', target.user.email, target.password)).status).toBe(200);
    for (let i = 0; i < 6; i++) expect((await loginFrom(narrow, `198.18.0.${i + 1}`, target.user.email, 'a botnet guess')).status).toBe(401);
    const stranger = await loginFrom(narrow, '198.18.1.1', target.user.email, target.password);
    expect(stranger.status).toBe(429);
    expect(Number(stranger.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    expect((await loginFrom(narrow, '192.0.2.80', target.user.email, target.password)).status).toBe(200);
  });

  it('throttles guessing the current password with a stolen session', async () => {
    const target = await narrow.createUser('session');
    const login = await narrow.login(target.user.email, target.password);
    const change = (current: string) =>
      narrow.fetch('/api/me/password', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: login.cookie, 'x-csrf-token': login.csrfToken, 'x-forwarded-for': '198.51.100.77' },
        body: JSON.stringify({ currentPassword: current, newPassword: 'a takeover passphrase 9' }),
      });
    for (let i = 0; i < 5; i++) expect((await errorOf(await change(`guess ${i}`))).code).toBe('wrong-password');
    expect(await errorOf(await change(target.password))).toMatchObject({ status: 429, code: 'too-many-attempts' });
  });

  it('bounds the scrypt work a flood of logins can start: the excess is refused at once with 503 and Retry-After', async () => {
    const flooded = await startTestServer({ trustProxy: 1, passwordHashing: { maxConcurrent: 1, maxQueued: 1 } });
    try {
      const responses = await Promise.all(Array.from({ length: 16 }, (_, i) => loginFrom(flooded, `198.19.0.${i + 1}`, `flood${i}@example.org`, 'not a password')));
      const statuses = responses.map((response) => response.status);
      expect(statuses.every((status) => status === 401 || status === 503), statuses.join()).toBe(true);
      const busy = responses.filter((response) => response.status === 503);
      expect(busy.length).toBeGreaterThan(0);
      for (const response of busy) {
        expect(response.headers.get('retry-after')).toBe('1');
        expect((await errorOf(response)).code).toBe('password-hashing-busy');
      }
    } finally {
      await flooded.close();
    }
  });
});
