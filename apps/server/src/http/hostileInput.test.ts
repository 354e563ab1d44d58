import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, errorOf, startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';

let server: TestServer;
let ada: TestUser;
let root: TestUser;
let projectId: string;

beforeAll(async () => {
  server = await startTestServer();
  ada = await server.createUser('ada');
  root = await server.createUser('root', { isAdmin: true });
  projectId = server.projects.createProject('Interviews', ada.user.id).id;
});

afterAll(async () => {
  // whatever came before, the server still answers
  expect((await server.fetch('/healthz')).status).toBe(200);
  expect(server.logs.filter((record) => record.level === 'error')).toEqual([]);
  await server.close();
});

function post(path: string, body: NonNullable<RequestInit['body']>, headers: Record<string, string> = {}): Promise<Response> {
  return server.fetch(path, { method: 'POST', headers: { authorization: `Bearer ${ada.token}`, ...headers }, body });
}

/** Sends `path` byte for byte (fetch would normalise `..` and escape characters). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'GET', headers: { authorization: `Bearer ${ada.token}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function codeOf(body: string): string {
  return (JSON.parse(body) as { error: { code: string } }).error.code;
}

describe('malformed bodies', () => {
  it.each([
    ['{"name": ', 400, 'malformed-json'],
    ["{'name': 'x'}", 400, 'malformed-json'],
    ['', 400, 'empty-body'],
    ['   ', 400, 'empty-body'],
    ['[]', 422, 'invalid-body'],
    ['"a string"', 422, 'invalid-body'],
    ['null', 422, 'invalid-body'],
    ['{"name": 12}', 422, 'invalid-body'],
    ['{"name": "ok", "owner": "me"}', 422, 'invalid-body'],
    [`{"name": ${'['.repeat(5000)}`, 400, 'malformed-json'],
  ])('%j → %i %s', async (body, status, code) => {
    expect(await errorOf(await post('/api/projects', body, { 'content-type': 'application/json' }))).toMatchObject({ status, code });
  });

  it("says what the parser did not expect", async () => {
    const error = await errorOf(await post('/api/projects', '{"name": }', { 'content-type': 'application/json' }));
    expect(error.message).toMatch(/^The request body is not valid JSON: Unexpected token '}'/);
  });

  it('lists every problem field by field', async () => {
    const error = await errorOf(await post('/api/auth/login', '{"email": 1, "password": null}', { 'content-type': 'application/json' }));
    expect(error.message).toBe(
      'The request body is not what this endpoint accepts. email: Invalid input: expected string, received number; ' +
        'password: Invalid input: expected string, received null.',
    );
  });
});

describe('content types', () => {
  it.each([
    [{ 'content-type': 'text/plain' }, 'Content-Type "text/plain"'],
    [{ 'content-type': 'application/x-www-form-urlencoded' }, 'Content-Type "application/x-www-form-urlencoded"'],
    [{ 'content-type': 'multipart/form-data; boundary=x' }, 'Content-Type "multipart/form-data; boundary=x"'],
    [{ 'content-type': 'application/jsonp' }, 'Content-Type "application/jsonp"'],
  ])('%j → 415', async (headers, got) => {
    const error = await errorOf(await post('/api/projects', '{"name":"x"}', headers));
    expect(error).toEqual({
      status: 415,
      code: 'unsupported-media-type',
      message: `Send the request body as JSON with Content-Type: application/json (got ${got}).`,
    });
  });

  it('accepts a charset parameter and any case', async () => {
    expect((await post('/api/projects', '{"name":"x"}', { 'content-type': 'Application/JSON; charset=utf-8' })).status).toBe(201);
  });

  it('refuses a body without a content type', async () => {
    const response = await server.fetch('/api/projects', {
      method: 'POST',
      headers: { authorization: `Bearer ${ada.token}` },
      body: new Uint8Array([123, 125]),
    });
    expect(await errorOf(response)).toMatchObject({ status: 415, message: expect.stringContaining('(got no Content-Type)') });
  });
});

describe('oversized bodies', () => {
  const limit = 1024 * 1024;

  it('refuses a body over 1 MiB by its Content-Length', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(limit) });
    const error = await errorOf(await post('/api/projects', body, { 'content-type': 'application/json' }));
    expect(error).toEqual({ status: 413, code: 'body-too-large', message: 'The request body is larger than 1 MiB, the most this endpoint accepts.' });
  });

  it('refuses a chunked body while reading it', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // far more than the limit: the server must stop reading, not take it all
        if (sent++ < 64) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await server.fetch('/api/projects', {
      method: 'POST',
      headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(await errorOf(response)).toMatchObject({ status: 413, code: 'body-too-large' });
  });

  it('accepts a body of exactly 1 MiB, whole', async () => {
    // JSON allows trailing whitespace: a cut body would still parse, but the name at the end would be missing
    const body = `{"a": "${' '.repeat(limit - 30)}", "name": "Full"}`.padEnd(limit, ' ');
    expect(body.length).toBe(limit);
    const response = await post('/api/projects', body, { 'content-type': 'application/json' });
    expect(response.status).toBe(422);
    expect((await errorOf(response)).message).toContain('Unrecognized key: "a"');
    const ok = await post('/api/projects', `{"name": "Full"}`.padEnd(limit, ' '), { 'content-type': 'application/json' });
    expect(await ok.json()).toMatchObject({ name: 'Full' });
  });
});

describe('hostile ids and paths', () => {
  it('answers unknown but well-formed ids with 404', async () => {
    const id = crypto.randomUUID();
    expect(await errorOf(await server.fetch(`/api/projects/${id}`, { headers: bearer(ada.token) }))).toMatchObject({
      status: 404,
      code: 'project-not-found',
    });
    expect(await errorOf(await server.fetch(`/api/tokens/${id}`, { method: 'DELETE', headers: bearer(ada.token) }))).toMatchObject({
      status: 404,
      code: 'token-not-found',
    });
  });

  it.each([
    ['an encoded traversal', '/api/projects/..%2F..%2Fetc%2Fpasswd'],
    ['a NUL byte', '/api/projects/%00'],
    ['broken percent-encoding', '/api/projects/%E0%A4%A'],
    ['SQL', '/api/projects/1%20OR%201=1'],
    ['a 10 kB segment', `/api/projects/${'a'.repeat(10 * 1024)}`],
    ['a 10 kB member segment', `/api/projects/PROJECT/members/${'u'.repeat(10 * 1024)}`],
    ['an encoded traversal as member id', `/api/projects/PROJECT/members/..%2f..%2fusers`],
  ])('refuses %s as an invalid id', async (_label, path) => {
    const { status, body } = await rawGet(path.replace('PROJECT', projectId));
    expect(status).toBe(400);
    expect(codeOf(body)).toBe('invalid-id');
    expect(body.length).toBeLessThan(400);
  });

  it('refuses an invalid id inside a member path and on writes', async () => {
    const response = await server.fetch(`/api/projects/${projectId}/members/${'%2e'.repeat(3000)}`, {
      method: 'PUT',
      headers: bearer(ada.token),
      body: '{"role":"viewer"}',
    });
    expect(await errorOf(response)).toMatchObject({ status: 400, code: 'invalid-id' });
  });

  it.each([
    ['dot segments', '/api/projects/../../etc/passwd'],
    ['dot segments above the root', '/api/../../../etc/passwd'],
    ['encoded dot segments', '/api/projects/%2e%2e/%2E%2E/x'],
    ['a path to the data directory', '/../.data/verbatim.db'],
    ['a 10 kB segment', `/${'b'.repeat(10 * 1024)}`],
  ])('answers %s with a JSON 404 that does not echo the whole path', async (_label, path) => {
      const { status, body } = await rawGet(path);
      expect(status).toBe(404);
      expect(codeOf(body)).toBe('route-not-found');
      expect(body.length).toBeLessThan(400);
  });

  it('answers unknown routes and methods with a JSON 404', async () => {
    expect(await errorOf(await server.fetch('/api/nothing-here'))).toEqual({
      status: 404,
      code: 'route-not-found',
      message: 'There is no GET /api/nothing-here in this API; see /api/openapi.json.',
    });
    expect(await errorOf(await server.fetch('/api/projects', { method: 'PUT', headers: bearer(ada.token), body: '{}' }))).toMatchObject({
      status: 404,
      code: 'route-not-found',
    });
  });
});

describe('account routes', () => {
  const createUser = (body: string) => server.fetch('/api/users', { method: 'POST', headers: bearer(root.token), body });

  it('refuses a body over 1 MiB', async () => {
    const body = JSON.stringify({ email: 'big@example.org', displayName: 'x'.repeat(1024 * 1024) });
    expect(await errorOf(await createUser(body))).toMatchObject({ status: 413, code: 'body-too-large' });
    expect(server.accounts.findUserByEmail('big@example.org')).toBeUndefined();
  });

  it.each([
    ['a __proto__ key', '{"email": "proto@example.org", "__proto__": {"isAdmin": true}}'],
    ['a constructor key', '{"email": "proto@example.org", "constructor": {"prototype": {"isAdmin": true}}}'],
    ['isAdmin as a string', '{"email": "proto@example.org", "isAdmin": "true"}'],
    ['isAdmin as a number', '{"email": "proto@example.org", "isAdmin": 1}'],
    ['an email array', '{"email": ["proto@example.org"]}'],
  ])('refuses %s without creating an account', async (_label, body) => {
    expect(await errorOf(await createUser(body))).toMatchObject({ status: 422, code: 'invalid-body' });
    expect(server.accounts.findUserByEmail('proto@example.org')).toBeUndefined();
  });

  it.each([
    ['a 10 kB address', `?email=${'a'.repeat(10 * 1024)}@example.org`],
    ['a NUL byte', '?email=ada%00@example.org'],
    ['a CRLF', '?email=ada%0d%0aSet-Cookie:x@example.org'],
    ['an SQL quote with spaces', "?email=ada@example.org'%20OR%20'1'='1"],
    ['broken percent-encoding', '?email=%E0%A4%A'],
    ['an array-style key', '?email[]=ada@example.org'],
  ])('refuses %s as an email lookup', async (_label, query) => {
    const { status, body } = await rawGet(`/api/users${query}`);
    expect(status, body.slice(0, 200)).toBe(400);
    expect(codeOf(body)).toBe('invalid-query');
    expect(body.length).toBeLessThan(600);
  });

  it.each([
    ['an SQL quote', "ada@example.org'--"],
    ['a LIKE wildcard', '%@example.org'],
    ['a glob', '*@example.org'],
  ])('finds nothing for %s', async (_label, email) => {
    const response = await server.fetch(`/api/users?email=${encodeURIComponent(email)}`, { headers: bearer(ada.token) });
    expect(await response.json()).toEqual({ users: [] });
  });
});

describe('request ids', () => {
  it('echoes a sane x-request-id and replaces anything else', async () => {
    const echoed = await server.fetch('/healthz', { headers: { 'x-request-id': 'proxy-7f3a:1' } });
    expect(echoed.headers.get('x-request-id')).toBe('proxy-7f3a:1');
    for (const hostile of ['a b', 'x'.repeat(129), '<script>', 'a;b', '"quoted"', '%0d%0aSet-Cookie:x']) {
      const replaced = await server.fetch('/healthz', { headers: { 'x-request-id': hostile } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('puts the id on error responses and in the access log', async () => {
    const response = await server.fetch('/api/projects/not-an-id', { headers: { ...bearer(ada.token), 'x-request-id': 'trace-42' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect(server.logs).toContainEqual({
      level: 'info',
      message: 'request',
      fields: expect.objectContaining({ requestId: 'trace-42', method: 'GET', status: 400, userId: ada.user.id }),
    });
  });
});

describe('error bodies', () => {
  it('never carry a stack trace', async () => {
    const responses = await Promise.all([
      post('/api/projects', '{"name": ', { 'content-type': 'application/json' }),
      post('/api/projects', '{}', { 'content-type': 'text/plain' }),
      server.fetch('/api/me', { headers: { authorization: 'Bearer nope' } }),
      server.fetch(`/api/projects/${'z'.repeat(300)}`, { headers: bearer(ada.token) }),
    ]);
    for (const response of responses) {
      const text = await response.text();
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(text).not.toMatch(/\bat .*\.ts:\d+|node_modules|Error:/);
    }
  });
});
