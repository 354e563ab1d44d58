// The project vocabulary routes on a real server; entries are checked against the test bundle, whose tokens are
// <pad> | a b, so it can spell "ab" and "ba ab" but not "xyz".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../auth/ProjectStore.ts';
import { bearer, createRoleProject, errorOf, type ProjectCaller, startTestServer, type TestServer, type TestUser } from '../testServer.ts';

type Caller = ProjectCaller;

let server: TestServer;
let users: Record<Caller, TestUser>;
let project: Project;

beforeAll(async () => {
  server = await startTestServer();
  ({ project, users } = await createRoleProject(server));
});

afterAll(() => server.close());

function call(caller: Caller | 'anonymous', method: string, path: string, body?: unknown): Promise<Response> {
  const headers = caller === 'anonymous' ? { 'content-type': 'application/json' } : bearer(users[caller].token);
  return server.fetch(`/api/projects/${project.id}/vocabulary${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

async function phrases(): Promise<string[]> {
  const response = await call('viewer', 'GET', '');
  expect(response.status).toBe(200);
  return ((await response.json()) as { entries: { phrase: string }[] }).entries.map((e) => e.phrase);
}

describe('project vocabulary routes', () => {
  it('replaces, adds, changes and removes entries', async () => {
    const put = await call('editor', 'PUT', '', { entries: [{ phrase: 'ab', soundsLike: ['a b'], boost: 3 }, { phrase: 'ba ab', displayAs: 'Baab' }] });
    expect(put.status).toBe(200);
    const { entries } = (await put.json()) as { entries: unknown[] };
    expect(entries).toEqual([
      { phrase: 'ab', soundsLike: ['a b'], boost: 3, createdBy: users.editor.user.id, createdAt: expect.any(Number), updatedAt: expect.any(Number) },
      { phrase: 'ba ab', displayAs: 'Baab', createdBy: users.editor.user.id, createdAt: expect.any(Number), updatedAt: expect.any(Number) },
    ]);

    const added = await call('owner', 'POST', '', { phrase: 'bab' });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ phrase: 'bab', createdBy: users.owner.user.id });
    const changed = await call('editor', 'POST', '', { phrase: 'bab', boost: 1.5 });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ phrase: 'bab', boost: 1.5, createdBy: users.owner.user.id });
    expect(await phrases()).toEqual(['ab', 'ba ab', 'bab']);

    expect((await call('editor', 'DELETE', `/${encodeURIComponent('ba ab')}`)).status).toBe(204);
    expect(await errorOf(await call('editor', 'DELETE', `/${encodeURIComponent('ba ab')}`))).toMatchObject({ status: 404, code: 'vocabulary-entry-not-found' });
    expect(await phrases()).toEqual(['ab', 'bab']);

    expect((await call('owner', 'PUT', '', { entries: [] })).status).toBe(200);
    expect(await phrases()).toEqual([]);
  });

  it('lets every member read, editors and owners write, and hides the project from others', async () => {
    await call('owner', 'PUT', '', { entries: [{ phrase: 'ab' }] });
    for (const caller of ['owner', 'editor', 'reviewer', 'viewer'] as const) expect((await call(caller, 'GET', '')).status).toBe(200);
    for (const caller of ['reviewer', 'viewer'] as const) {
      expect(await errorOf(await call(caller, 'PUT', '', { entries: [] }))).toMatchObject({ status: 403, code: 'insufficient-role' });
      expect(await errorOf(await call(caller, 'POST', '', { phrase: 'ba' }))).toMatchObject({ status: 403, code: 'insufficient-role' });
      expect(await errorOf(await call(caller, 'DELETE', '/ab'))).toMatchObject({ status: 403, code: 'insufficient-role' });
    }
    for (const [method, path, body] of [['GET', ''], ['PUT', '', { entries: [] }], ['POST', '', { phrase: 'ba' }], ['DELETE', '/ab']] as const) {
      expect(await errorOf(await call('stranger', method, path, body))).toMatchObject({ status: 404, code: 'project-not-found' });
      expect((await call('anonymous', method, path, body)).status).toBe(401);
    }
    expect(await phrases()).toEqual(['ab']);
  });

  it('refuses entries the model cannot use with 422, listing each and why, and keeps the vocabulary', async () => {
    await call('owner', 'PUT', '', { entries: [{ phrase: 'ab' }] });
    const response = await call('editor', 'PUT', '', { entries: [{ phrase: 'ba' }, { phrase: 'xyz' }, { phrase: 'ab', boost: -1 }] });
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as { error: { code: string; message: string; problems: { index: number; phrase: string; code: string; reason: string }[] } };
    expect(error.code).toBe('invalid-vocabulary');
    expect(error.problems.map((p) => [p.index, p.phrase, p.code])).toEqual([
      [1, 'xyz', 'unsupported-characters'],
      [2, 'ab', 'invalid-boost'],
    ]);
    for (const problem of error.problems) expect(problem.reason.length).toBeGreaterThan(10);
    expect(error.message).toMatch(/2 vocabulary entries are invalid/);

    const one = await call('editor', 'POST', '', { phrase: 'xyz' });
    expect(one.status).toBe(422);
    expect(((await one.json()) as { error: { problems: { index: number; code: string }[] } }).error.problems).toMatchObject([{ index: 0, code: 'unsupported-characters' }]);
    expect(await phrases()).toEqual(['ab']);
  });

  it('checks the shape and the caps before the model', async () => {
    const cases: [unknown, string][] = [
      [{ entries: [{ phrase: 'a'.repeat(201) }] }, 'invalid-body'],
      [{ entries: [{ phrase: '' }] }, 'invalid-body'],
      [{ entries: [{ phrase: 'ab', color: 'red' }] }, 'invalid-body'],
      [{ entries: [{ phrase: 'ab', soundsLike: 'ba' }] }, 'invalid-body'],
      [{ entries: Array.from({ length: 10_001 }, (_, i) => ({ phrase: `ab${'a'.repeat(i % 7)}` })) }, 'invalid-body'],
      [{ entries: [{ phrase: 'ab' }, { phrase: 'ab', boost: 1 }] }, 'duplicate-phrase'],
    ];
    for (const [body, code] of cases) expect(await errorOf(await call('editor', 'PUT', '', body))).toMatchObject({ status: 422, code });
    expect(await errorOf(await call('editor', 'DELETE', `/${'a'.repeat(201)}`))).toMatchObject({ status: 400, code: 'invalid-phrase' });
  });
});
