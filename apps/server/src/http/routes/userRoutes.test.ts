import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CreatedUserResponse, UpdatedUserResponse, UserListResponse, UserLookupResponse } from '../schemas/accountSchemas.ts';
import { bearer, errorOf, startTestServer, type CookieLogin, type TestServer, type TestUser } from '../../../test/testServer.ts';

let server: TestServer;
let root: TestUser;
let ada: TestUser;
let rootLogin: CookieLogin;

beforeAll(async () => {
  server = await startTestServer();
  root = await server.createUser('root', { isAdmin: true });
  ada = await server.createUser('ada');
  rootLogin = await server.login(root.user.email, root.password);
});

afterAll(() => server.close());

function createUser(body: unknown, token = root.token): Promise<Response> {
  return server.fetch('/api/users', { method: 'POST', headers: bearer(token), body: JSON.stringify(body) });
}

function getUsers(query = '', token = ada.token): Promise<Response> {
  return server.fetch(`/api/users${query}`, { headers: bearer(token) });
}

/** The body, checked against `schema`: it must fit exactly, with no field the schema does not name. */
async function fits<S extends z.ZodType>(response: Response, status: number, schema: S): Promise<z.infer<S>> {
  const body = (await response.json()) as unknown;
  expect(response.status, JSON.stringify(body)).toBe(status);
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? [], JSON.stringify(body)).toEqual([]);
  expect(parsed.data).toEqual(body);
  return body as z.infer<S>;
}

describe('POST /api/users', () => {
  it('generates a one-time password, returned once and uncached, that logs in and must be changed', async () => {
    const response = await createUser({ email: ' Lin@Example.ORG ' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { user, password } = await fits(response, 201, CreatedUserResponse);
    expect(user).toMatchObject({ email: 'lin@example.org', displayName: 'Lin', isAdmin: false, mustChangePassword: true });
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(server.accounts.getUser(user.id)?.mustChangePassword).toBe(true);

    const login = await server.login('lin@example.org', password!);
    const me = await server.fetch('/api/me', { headers: { cookie: login.cookie } });
    expect(await me.json()).toMatchObject({ user: { id: user.id, mustChangePassword: true } });

    const change = await server.fetch('/api/me/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: login.cookie, 'x-csrf-token': login.csrfToken },
      body: JSON.stringify({ currentPassword: password, newPassword: 'my own password now' }),
    });
    expect(change.status).toBe(204);
    const after = await server.fetch('/api/me', { headers: { cookie: login.cookie } });
    expect(await after.json()).toMatchObject({ user: { id: user.id, mustChangePassword: false } });
    await expect(server.login('lin@example.org', password!)).rejects.toThrow(/login failed with 401/);
    await server.login('lin@example.org', 'my own password now');
  });

  it('generates a different password every time', async () => {
    const first = (await (await createUser({ email: 'one@example.org' })).json()) as { password: string };
    const second = (await (await createUser({ email: 'two@example.org' })).json()) as { password: string };
    expect(first.password).not.toBe(second.password);
  });

  it('takes a password that passes the policy and returns no password', async () => {
    const response = await createUser({ email: 'mo@example.org', displayName: 'Mo Farah', password: 'a chosen password', isAdmin: true });
    const body = await fits(response, 201, CreatedUserResponse);
    expect(body).not.toHaveProperty('password');
    expect(body.user).toMatchObject({ email: 'mo@example.org', displayName: 'Mo Farah', isAdmin: true, mustChangePassword: false });
    const login = await server.login('mo@example.org', 'a chosen password');
    // the new administrator may list accounts in turn
    expect((await server.fetch('/api/users', { headers: { cookie: login.cookie } })).status).toBe(200);
  });

  it('refuses a password outside the policy and creates nothing', async () => {
    expect(await errorOf(await createUser({ email: 'weak@example.org', password: 'short' }))).toMatchObject({
      status: 422,
      code: 'password-too-short',
      message: 'The password is 5 characters long; use at least 10.',
    });
    expect(await errorOf(await createUser({ email: 'weak@example.org', password: 'x'.repeat(1025) }))).toMatchObject({
      status: 422,
      code: 'password-too-long',
    });
    expect(server.accounts.findUserByEmail('weak@example.org')).toBeUndefined();
  });

  it('refuses passwords that are long enough but guessable, saying why', async () => {
    const weak = [
      [{ email: 'weak@example.org', password: 'aaaaaaaaaa' }, /^The password is too easy to guess: Repeated characters/],
      [{ email: 'weak@example.org', password: 'password12' }, /^The password is too easy to guess: This is a commonly used password/],
      [{ email: 'weak@example.org', password: 'qwertyuiop12' }, /^The password is too easy to guess: /],
      [{ email: 'weak@example.org', password: 'weak@example.org' }, /it contains your email address, your name or the name of this product/],
      [{ email: 'grace.hopper@example.org', displayName: 'Grace Hopper', password: 'GraceHopper1906' }, /it contains your email address, your name/],
      [{ email: 'weak@example.org', password: 'verbatim2024!' }, /the name of this product/],
    ] as const;
    for (const [body, message] of weak) {
      expect(await errorOf(await createUser(body)), body.password).toMatchObject({ status: 422, code: 'password-too-weak', message: expect.stringMatching(message) });
    }
    expect(server.accounts.findUserByEmail('weak@example.org')).toBeUndefined();
    expect(server.accounts.findUserByEmail('grace.hopper@example.org')).toBeUndefined();
  });

  it('lets a one-time password do nothing but change itself, by cookie or by token', async () => {
    const { user, password } = (await (await createUser({ email: 'otp@example.org' })).json()) as { user: { id: string }; password: string };
    const login = await server.login('otp@example.org', password);
    const session = { 'content-type': 'application/json', cookie: login.cookie, 'x-csrf-token': login.csrfToken };
    // a token the account got before its password was reset to a one-time one
    const earlier = server.tokens.create(user.id, 'from before').token;
    const attempts = [
      server.fetch('/api/projects', { method: 'POST', headers: session, body: JSON.stringify({ name: 'Mine' }) }),
      server.fetch('/api/tokens', { method: 'POST', headers: session, body: JSON.stringify({ name: 'cli' }) }),
      server.fetch('/api/projects', { headers: session }),
      server.fetch('/api/users?email=ada@example.org', { headers: session }),
      server.fetch('/api/projects', { method: 'POST', headers: bearer(earlier), body: JSON.stringify({ name: 'Mine' }) }),
      server.fetch('/api/tokens', { headers: bearer(earlier) }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(await errorOf(response)).toMatchObject({ status: 403, code: 'password-change-required', message: expect.stringContaining('POST /api/me/password') });
    }
    expect(server.projects.listProjectsForUser(user.id)).toEqual([]);
    expect(server.tokens.list(user.id)).toHaveLength(1);
    expect((await server.fetch('/api/me', { headers: session })).status).toBe(200);

    const change = await server.fetch('/api/me/password', { method: 'POST', headers: session, body: JSON.stringify({ currentPassword: password, newPassword: 'my own password now' }) });
    expect(change.status).toBe(204);
    expect((await server.fetch('/api/projects', { method: 'POST', headers: session, body: JSON.stringify({ name: 'Mine' }) })).status).toBe(201);
    expect((await server.fetch('/api/auth/logout', { method: 'POST', headers: session })).status).toBe(204);
  });

  it('answers 409 email-taken for an existing email in any case, with or without a password', async () => {
    const before = server.accounts.countUsers();
    for (const body of [{ email: 'ada@example.org' }, { email: '  ADA@Example.Org', password: 'another password' }]) {
      expect(await errorOf(await createUser(body))).toEqual({
        status: 409,
        code: 'email-taken',
        message: 'An account with the email ada@example.org already exists.',
      });
    }
    expect(server.accounts.countUsers()).toBe(before);
  });

  it('normalises Unicode as the account store does: a decomposed, upper-case address is the same account', async () => {
    const composed = (await (await createUser({ email: '\u00e5sa@example.org', password: 'a chosen password' })).json()) as { user: { id: string; email: string } };
    expect(composed.user.email).toBe('\u00e5sa@example.org');
    const decomposed = 'A\u030aSA@EXAMPLE.ORG';
    expect(await errorOf(await createUser({ email: decomposed }))).toMatchObject({ status: 409, code: 'email-taken' });
    const { users } = (await (await getUsers(`?email=${encodeURIComponent(decomposed)}`)).json()) as { users: Array<{ id: string }> };
    expect(users.map((u) => u.id)).toEqual([composed.user.id]);
  });

  it('validates the body', async () => {
    const cases: Array<[unknown, string, string?]> = [
      [{}, 'invalid-body', 'email: Invalid input: expected string, received undefined'],
      [{ email: 'x@example.org', role: 'admin' }, 'invalid-body', 'Unrecognized key: "role"'],
      [{ email: 'x@example.org', isAdmin: 'yes' }, 'invalid-body', 'isAdmin: Invalid input: expected boolean, received string'],
      [{ email: 'x@example.org', password: null }, 'invalid-body'],
      [{ email: 'not-an-email' }, 'invalid-email'],
      [{ email: 'x@example.org', displayName: '   ' }, 'invalid-display-name'],
    ];
    for (const [body, code, message] of cases) {
      const error = await errorOf(await createUser(body));
      expect(error, JSON.stringify(body)).toMatchObject({ status: 422, code });
      if (message !== undefined) expect(error.message).toContain(message);
    }
    expect(server.accounts.findUserByEmail('x@example.org')).toBeUndefined();
    const malformed = await server.fetch('/api/users', { method: 'POST', headers: bearer(root.token), body: '{"email": ' });
    expect(await errorOf(malformed)).toMatchObject({ status: 400, code: 'malformed-json' });
    const form = await server.fetch('/api/users', { method: 'POST', headers: bearer(root.token, { 'content-type': 'text/plain' }), body: '{}' });
    expect(await errorOf(form)).toMatchObject({ status: 415, code: 'unsupported-media-type' });
  });

  it('refuses non-administrators before reading the body, and creates nothing', async () => {
    for (const body of [{ email: 'sneaky@example.org', isAdmin: true }, { nonsense: 1 }]) {
      expect(await errorOf(await createUser(body, ada.token))).toEqual({
        status: 403,
        code: 'admin-required',
        message: 'Only an instance administrator may create accounts.',
      });
    }
    expect(server.accounts.findUserByEmail('sneaky@example.org')).toBeUndefined();
  });

  it('answers 401 to anonymous callers', async () => {
    const response = await server.fetch('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"anon@example.org"}' });
    expect(await errorOf(response)).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(server.accounts.findUserByEmail('anon@example.org')).toBeUndefined();
  });

  it('needs the CSRF token from a cookie session', async () => {
    const post = (headers: Record<string, string>) =>
      server.fetch('/api/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: rootLogin.cookie, ...headers },
        body: JSON.stringify({ email: 'csrf@example.org' }),
      });
    expect(await errorOf(await post({}))).toMatchObject({ status: 403, code: 'csrf-token-missing' });
    expect(await errorOf(await post({ 'x-csrf-token': 'x'.repeat(43) }))).toMatchObject({ status: 403, code: 'csrf-token-invalid' });
    expect(server.accounts.findUserByEmail('csrf@example.org')).toBeUndefined();
    expect((await post({ 'x-csrf-token': rootLogin.csrfToken })).status).toBe(201);
  });
});

describe('POST /api/users/:id/password', () => {
  const reset = (id: string, body: unknown = {}, token = root.token) =>
    server.fetch(`/api/users/${id}/password`, { method: 'POST', headers: bearer(token), body: JSON.stringify(body) });

  it('resets a password to a one-time one, ending every session and token of the account', async () => {
    const kim = await server.createUser('kim');
    const session = await server.login(kim.user.email, kim.password);
    const scripted = server.tokens.create(kim.user.id, 'script', { scope: 'read' }).token;
    const response = await reset(kim.user.id);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { user, password } = await fits(response, 200, CreatedUserResponse);
    expect(user).toMatchObject({ id: kim.user.id, mustChangePassword: true });
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    for (const headers of [{ cookie: session.cookie }, bearer(kim.token), bearer(scripted)]) {
      expect((await server.fetch('/api/me', { headers })).status).toBe(401);
    }
    await expect(server.login(kim.user.email, kim.password)).rejects.toThrow(/login failed with 401/);
    const fresh = await server.login(kim.user.email, password!);
    expect((await errorOf(await server.fetch('/api/projects', { headers: { cookie: fresh.cookie } }))).code).toBe('password-change-required');
  });

  it('takes a password of the administrator\'s choosing under the same policy, still to be changed', async () => {
    const lee = await server.createUser('lee');
    expect(await errorOf(await reset(lee.user.id, { password: 'password123' }))).toMatchObject({ status: 422, code: 'password-too-weak' });
    const { user, password } = await fits(await reset(lee.user.id, { password: 'a chosen one-time phrase' }), 200, CreatedUserResponse);
    expect(password).toBeUndefined();
    expect(user.mustChangePassword).toBe(true);
    await server.login(lee.user.email, 'a chosen one-time phrase');
  });

  it('is for administrators only, and says so for an unknown account', async () => {
    expect(await errorOf(await reset(root.user.id, {}, ada.token))).toMatchObject({ status: 403, code: 'admin-required' });
    expect(await errorOf(await reset(crypto.randomUUID()))).toMatchObject({ status: 404, code: 'user-not-found' });
    expect(await errorOf(await reset('not-an-id'))).toMatchObject({ status: 400, code: 'invalid-id' });
    expect((await server.fetch('/api/me', { headers: bearer(root.token) })).status).toBe(200);
  });
});

describe('PATCH /api/users/:id', () => {
  const patch = (id: string, body: unknown, token = root.token) =>
    server.fetch(`/api/users/${id}`, { method: 'PATCH', headers: bearer(token), body: JSON.stringify(body) });

  it('deactivates an account: no sign-in, its sessions end and its tokens stop; reactivating lets it sign in again', async () => {
    const max = await server.createUser('max');
    const session = await server.login(max.user.email, max.password);
    const { user } = await fits(await patch(max.user.id, { disabled: true }), 200, UpdatedUserResponse);
    expect(user.disabledAt).toEqual(expect.any(Number));
    for (const headers of [{ cookie: session.cookie }, bearer(max.token)]) {
      expect((await server.fetch('/api/me', { headers })).status).toBe(401);
    }
    await expect(server.login(max.user.email, max.password)).rejects.toThrow(/login failed with 401/);

    const { user: back } = await fits(await patch(max.user.id, { disabled: false }), 200, UpdatedUserResponse);
    expect(back.disabledAt).toBeNull();
    const again = await server.login(max.user.email, max.password);
    expect((await server.fetch('/api/me', { headers: { cookie: again.cookie } })).status).toBe(200);
  });

  it('never lets administrators deactivate themselves, and is for administrators only', async () => {
    expect(await errorOf(await patch(root.user.id, { disabled: true }))).toMatchObject({ status: 409, code: 'cannot-disable-self' });
    expect(await errorOf(await patch(root.user.id, { disabled: true }, ada.token))).toMatchObject({ status: 403, code: 'admin-required' });
    expect(await errorOf(await patch(crypto.randomUUID(), { disabled: true }))).toMatchObject({ status: 404, code: 'user-not-found' });
    expect(await errorOf(await patch(ada.user.id, { disabled: 'yes' }))).toMatchObject({ status: 422 });
    expect(await errorOf(await patch(ada.user.id, { isAdmin: true }))).toMatchObject({ status: 422 });
    expect((await server.fetch('/api/me', { headers: bearer(root.token) })).status).toBe(200);
  });
});

describe('GET /api/users', () => {
  it('lists every account to an administrator, disabled ones included', async () => {
    const gone = await server.createUser('gone');
    server.accounts.setDisabled(gone.user.id, true);
    const { users } = await fits(await getUsers('', root.token), 200, UserListResponse);
    expect(users.map((u) => u.email)).toEqual(server.accounts.listUsers().map((u) => u.email));
    expect(users.map((u) => u.email)).toEqual(expect.arrayContaining(['admin@localhost', 'root@example.org', 'ada@example.org', 'gone@example.org']));
    expect(users.find((u) => u.id === ada.user.id)).toEqual({
      id: ada.user.id,
      email: 'ada@example.org',
      displayName: 'ada',
      isAdmin: false,
      mustChangePassword: false,
      createdAt: ada.user.createdAt,
      disabledAt: null,
    });
    expect(users.find((u) => u.id === gone.user.id)?.disabledAt).toEqual(expect.any(Number));
    // a read: the cookie session needs no CSRF token
    expect((await server.fetch('/api/users', { headers: { cookie: rootLogin.cookie } })).status).toBe(200);
  });

  it('refuses the list to anyone else', async () => {
    expect(await errorOf(await getUsers())).toEqual({
      status: 403,
      code: 'admin-required',
      message: 'Only an instance administrator may list every account.',
    });
    expect(await errorOf(await server.fetch('/api/users'))).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(await errorOf(await server.fetch('/api/users?email=ada@example.org'))).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('lets anyone signed in look up one account by its exact email, any case, and see only its name', async () => {
    const found = await fits(await getUsers(`?email=${encodeURIComponent(' ROOT@Example.org ')}`), 200, UserLookupResponse);
    expect(found.users).toEqual([{ id: root.user.id, email: 'root@example.org', displayName: 'root' }]);
    // an administrator gets the same narrow answer
    const asAdmin = await fits(await getUsers('?email=ada@example.org', root.token), 200, UserLookupResponse);
    expect(asAdmin.users).toEqual([{ id: ada.user.id, email: 'ada@example.org', displayName: 'ada' }]);
  });

  it('finds nothing for unknown addresses, patterns, partial matches and disabled accounts', async () => {
    const left = await server.createUser('left');
    server.accounts.setDisabled(left.user.id, true);
    for (const email of ['nobody@example.org', '%@example.org', '_da@example.org', 'ada@example', "ada@example.org'--", 'left@example.org']) {
      const { users } = await fits(await getUsers(`?email=${encodeURIComponent(email)}`), 200, UserLookupResponse);
      expect(users, email).toEqual([]);
    }
  });

  it('refuses a malformed query with 400 invalid-query', async () => {
    for (const query of ['?email=', '?email=%20', '?email=not-an-email', '?email=a%20b@example.org', '?emails=ada@example.org', '?email=ada@example.org&email=root@example.org', `?email=${'a'.repeat(1001)}`]) {
      expect(await errorOf(await getUsers(query)), query).toMatchObject({ status: 400, code: 'invalid-query' });
    }
    expect((await errorOf(await getUsers('?email=nope'))).message).toBe('?email=: "nope" is not an email address (expected name@domain).');
  });

  it('is enough for an owner to add a colleague to a project by email', async () => {
    const project = server.projects.createProject('Fieldwork', ada.user.id);
    const created = (await (await createUser({ email: 'colleague@example.org', password: 'colleague password' })).json()) as { user: { id: string } };
    const { users } = (await (await getUsers('?email=Colleague@example.org')).json()) as { users: Array<{ id: string }> };
    expect(users.map((u) => u.id)).toEqual([created.user.id]);
    const put = await server.fetch(`/api/projects/${project.id}/members/${users[0]!.id}`, {
      method: 'PUT',
      headers: bearer(ada.token),
      body: JSON.stringify({ role: 'editor' }),
    });
    expect(await put.json()).toMatchObject({ userId: created.user.id, email: 'colleague@example.org', role: 'editor' });
    expect(put.status).toBe(201);
  });
});
