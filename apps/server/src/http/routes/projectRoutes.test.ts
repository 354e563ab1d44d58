import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../auth/ProjectStore.ts';
import { bearer, errorOf, startTestServer, type TestServer, type TestUser } from '../../../test/testServer.ts';

type Caller = 'owner' | 'editor' | 'reviewer' | 'viewer' | 'stranger' | 'admin' | 'anonymous';
const CALLERS: readonly Caller[] = ['owner', 'editor', 'reviewer', 'viewer', 'stranger', 'admin', 'anonymous'];

let server: TestServer;
let users: Record<Exclude<Caller, 'anonymous'>, TestUser>;
let spare: TestUser;
let project: Project;

beforeAll(async () => {
  server = await startTestServer();
  users = {
    owner: await server.createUser('owner'),
    editor: await server.createUser('editor'),
    reviewer: await server.createUser('reviewer'),
    viewer: await server.createUser('viewer'),
    stranger: await server.createUser('stranger'),
    // an instance administrator is not a member, so sees nothing of the project (see decideAccess)
    admin: await server.createUser('admin', { isAdmin: true }),
  };
  spare = await server.createUser('spare');
  project = server.projects.createProject('Interviews', users.owner.user.id);
  for (const role of ['editor', 'reviewer', 'viewer'] as const) server.projects.addMember(project.id, users[role].user.id, role);
});

afterAll(() => server.close());

function call(caller: Caller, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = caller === 'anonymous' ? { 'content-type': 'application/json' } : bearer(users[caller].token);
  return server.fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

interface MatrixRoute {
  method: string;
  path: () => string;
  body?: unknown;
  /** Puts the project back the way the route expects before each call. */
  reset?: () => void;
  expected: Record<Caller, number>;
}

const MEMBERS_ONLY = { owner: 200, editor: 200, reviewer: 200, viewer: 200, stranger: 404, admin: 404, anonymous: 401 };
const OWNER_ONLY = (status: number) => ({ owner: status, editor: 403, reviewer: 403, viewer: 403, stranger: 404, admin: 404, anonymous: 401 });

// Every project route; the expected statuses are written out rather than derived from PROJECT_ACTION_ROLES.
const MATRIX: Record<string, MatrixRoute> = {
  'GET /api/projects': {
    method: 'GET',
    path: () => '/api/projects',
    expected: { owner: 200, editor: 200, reviewer: 200, viewer: 200, stranger: 200, admin: 200, anonymous: 401 },
  },
  'POST /api/projects': {
    method: 'POST',
    path: () => '/api/projects',
    body: { name: 'Scratch' },
    expected: { owner: 201, editor: 201, reviewer: 201, viewer: 201, stranger: 201, admin: 201, anonymous: 401 },
  },
  'GET /api/projects/:id': { method: 'GET', path: () => `/api/projects/${project.id}`, expected: MEMBERS_ONLY },
  'PATCH /api/projects/:id': {
    method: 'PATCH',
    path: () => `/api/projects/${project.id}`,
    body: { name: 'Interviews 2025' },
    expected: OWNER_ONLY(200),
  },
  'PATCH /api/projects/:id (reviewThreshold)': {
    method: 'PATCH',
    path: () => `/api/projects/${project.id}`,
    body: { reviewThreshold: 0.6 },
    expected: { owner: 200, editor: 200, reviewer: 403, viewer: 403, stranger: 404, admin: 404, anonymous: 401 },
  },
  'GET /api/projects/:id/members': { method: 'GET', path: () => `/api/projects/${project.id}/members`, expected: MEMBERS_ONLY },
  'GET /api/projects/:id/members/:userId': {
    method: 'GET',
    path: () => `/api/projects/${project.id}/members/${users.owner.user.id}`,
    expected: MEMBERS_ONLY,
  },
  'PUT /api/projects/:id/members/:userId': {
    method: 'PUT',
    path: () => `/api/projects/${project.id}/members/${spare.user.id}`,
    body: { role: 'viewer' },
    reset: () => void server.projects.removeMember(project.id, spare.user.id),
    expected: OWNER_ONLY(201),
  },
  'DELETE /api/projects/:id/members/:userId': {
    method: 'DELETE',
    path: () => `/api/projects/${project.id}/members/${spare.user.id}`,
    reset: () => void server.projects.addMember(project.id, spare.user.id, 'viewer'),
    expected: OWNER_ONLY(204),
  },
};

describe('the role matrix over HTTP', () => {
  for (const [name, route] of Object.entries(MATRIX)) {
    it.each(CALLERS)(`${name} as %s`, async (caller) => {
      route.reset?.();
      const response = await call(caller, route.method, route.path(), route.body);
      const expected = route.expected[caller];
      if (expected >= 400) {
        const error = await errorOf(response);
        expect(error.status).toBe(expected);
        expect(error.code).toBe({ 401: 'unauthenticated', 403: 'insufficient-role', 404: 'project-not-found' }[expected]);
      } else {
        expect(response.status, await response.clone().text()).toBe(expected);
      }
    });
  }

  it('says which role is needed', async () => {
    const error = await errorOf(await call('editor', 'PATCH', `/api/projects/${project.id}`, { name: 'x' }));
    expect(error.message).toBe('Your role in this project is editor; this needs owner.');
  });

  it('answers a non-member exactly as it answers an id that does not exist', async () => {
    const hidden = await errorOf(await call('stranger', 'GET', `/api/projects/${project.id}`));
    const missing = await errorOf(await call('stranger', 'GET', `/api/projects/${crypto.randomUUID()}`));
    expect(hidden.status).toBe(missing.status);
    expect(hidden.code).toBe(missing.code);
  });

  it('checks the role before reading the body, so a non-owner learns nothing from validation', async () => {
    const response = await server.fetch(`/api/projects/${project.id}`, { method: 'PATCH', headers: bearer(users.viewer.token), body: '{not json' });
    expect(await errorOf(response)).toMatchObject({ status: 403, code: 'insufficient-role' });
  });
});

describe('projects', () => {
  it('lists only the projects the caller is a member of, with its role', async () => {
    const listed = (await (await call('reviewer', 'GET', '/api/projects')).json()) as { projects: Array<{ id: string; role: string }> };
    expect(listed.projects).toContainEqual(expect.objectContaining({ id: project.id, role: 'reviewer' }));
    const strangers = (await (await call('stranger', 'GET', '/api/projects')).json()) as { projects: Array<{ id: string }> };
    expect(strangers.projects.map((p) => p.id)).not.toContain(project.id);
  });

  it('creates a project owned by its creator and renames it', async () => {
    const created = (await (await call('viewer', 'POST', '/api/projects', { name: '  Field notes ' })).json()) as { id: string; name: string; role: string };
    expect(created).toMatchObject({ name: 'Field notes', role: 'owner' });
    const renamed = await call('viewer', 'PATCH', `/api/projects/${created.id}`, { name: 'Field notes 2' });
    expect(await renamed.json()).toMatchObject({ id: created.id, name: 'Field notes 2', role: 'owner' });
  });

  it('refuses bad names and empty changes', async () => {
    expect(await errorOf(await call('owner', 'POST', '/api/projects', { name: '' }))).toMatchObject({ status: 422, code: 'invalid-project-name' });
    expect(await errorOf(await call('owner', 'POST', '/api/projects', { name: 'a\u0000b' }))).toMatchObject({ status: 422, code: 'invalid-project-name' });
    expect(await errorOf(await call('owner', 'POST', '/api/projects', { name: 'x'.repeat(201) }))).toMatchObject({ status: 422, code: 'invalid-project-name' });
    const empty = await errorOf(await call('owner', 'PATCH', `/api/projects/${project.id}`, {}));
    expect(empty).toMatchObject({ status: 422, code: 'invalid-body' });
    expect(empty.message).toContain('Give at least one field to change (name, reviewThreshold).');
    const typo = await errorOf(await call('owner', 'PATCH', `/api/projects/${project.id}`, { nmae: 'x' }));
    expect(typo.message).toContain('Unrecognized key: "nmae"');
  });
});

describe('the review threshold', () => {
  type ProjectBody = { reviewThreshold: number; name: string };
  const patch = (caller: Caller, body: unknown) => call(caller, 'PATCH', `/api/projects/${project.id}`, body);

  it('is 0.6 for a new project and shown wherever the project is', async () => {
    const created = (await (await call('owner', 'POST', '/api/projects', { name: 'Fresh' })).json()) as ProjectBody & { id: string };
    expect(created.reviewThreshold).toBe(0.6);
    const listed = (await (await call('owner', 'GET', '/api/projects')).json()) as { projects: Array<ProjectBody & { id: string }> };
    expect(listed.projects.find((p) => p.id === created.id)?.reviewThreshold).toBe(0.6);
    const me = (await (await call('owner', 'GET', '/api/me')).json()) as { memberships: Array<ProjectBody & { id: string }> };
    expect(me.memberships.find((p) => p.id === created.id)?.reviewThreshold).toBe(0.6);
  });

  it('is set by editors and owners, from 0 to 1, and kept', async () => {
    const response = await patch('editor', { reviewThreshold: 0.35 });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: project.id, role: 'editor', reviewThreshold: 0.35 });
    expect(((await (await call('viewer', 'GET', `/api/projects/${project.id}`)).json()) as ProjectBody).reviewThreshold).toBe(0.35);
    expect(server.projects.getProject(project.id)?.reviewThreshold).toBe(0.35);
    for (const edge of [0, 1]) expect(((await (await patch('owner', { reviewThreshold: edge })).json()) as ProjectBody).reviewThreshold).toBe(edge);
    await patch('owner', { reviewThreshold: 0.6 });
  });

  it('refuses values outside 0..1 and non-numbers, changing nothing', async () => {
    for (const reviewThreshold of [1.01, -0.1, 'high', null, '0.5']) {
      const error = await errorOf(await patch('editor', { reviewThreshold }));
      expect(error, JSON.stringify(reviewThreshold)).toMatchObject({ status: 422, code: 'invalid-body' });
      expect(error.message).toContain('reviewThreshold');
    }
    expect(server.projects.getProject(project.id)?.reviewThreshold).toBe(0.6);
  });

  it('does not let an editor rename the project on the side', async () => {
    const { name } = server.projects.getProject(project.id)!;
    const error = await errorOf(await patch('editor', { name: 'Taken over', reviewThreshold: 0.1 }));
    expect(error).toMatchObject({ status: 403, code: 'insufficient-role' });
    expect(server.projects.getProject(project.id)).toMatchObject({ name, reviewThreshold: 0.6 });
    const both = await patch('owner', { name: 'Renamed', reviewThreshold: 0.5 });
    expect(await both.json()).toMatchObject({ name: 'Renamed', reviewThreshold: 0.5 });
    await patch('owner', { name });
    await patch('owner', { reviewThreshold: 0.6 });
  });
});

describe('members', () => {
  it('adds a member (201), changes the role (200) and shows it', async () => {
    const newcomer = await server.createUser('newcomer');
    const path = `/api/projects/${project.id}/members/${newcomer.user.id}`;
    const added = await call('owner', 'PUT', path, { role: 'reviewer' });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ userId: newcomer.user.id, email: 'newcomer@example.org', role: 'reviewer' });
    const changed = await call('owner', 'PUT', path, { role: 'editor' });
    expect(changed.status).toBe(200);
    expect(await (await call('viewer', 'GET', path)).json()).toMatchObject({ role: 'editor' });
    const members = await server.fetch(`/api/projects/${project.id}/members`, { headers: bearer(newcomer.token) });
    const listed = (await members.json()) as { members: Array<{ userId: string; role: string }> };
    expect(listed.members[0]).toMatchObject({ userId: users.owner.user.id, role: 'owner' });
    expect(listed.members).toContainEqual(expect.objectContaining({ userId: newcomer.user.id, role: 'editor' }));
  });

  it('lets a member leave, but not the last owner', async () => {
    const leaver = await server.createUser('leaver');
    server.projects.addMember(project.id, leaver.user.id, 'viewer');
    const leave = await server.fetch(`/api/projects/${project.id}/members/${leaver.user.id}`, { method: 'DELETE', headers: bearer(leaver.token) });
    expect(leave.status).toBe(204);
    expect(server.projects.projectRole(leaver.user.id, project.id)).toBeUndefined();

    const lastOwner = await errorOf(await call('owner', 'DELETE', `/api/projects/${project.id}/members/${users.owner.user.id}`));
    expect(lastOwner).toMatchObject({ status: 409, code: 'last-owner' });
    const demote = await errorOf(await call('owner', 'PUT', `/api/projects/${project.id}/members/${users.owner.user.id}`, { role: 'viewer' }));
    expect(demote).toMatchObject({ status: 409, code: 'last-owner' });
  });

  it('answers precisely for unknown accounts, non-members and bad roles', async () => {
    const unknown = crypto.randomUUID();
    expect(await errorOf(await call('owner', 'PUT', `/api/projects/${project.id}/members/${unknown}`, { role: 'viewer' }))).toMatchObject({
      status: 404,
      code: 'user-not-found',
    });
    expect(await errorOf(await call('owner', 'GET', `/api/projects/${project.id}/members/${users.stranger.user.id}`))).toMatchObject({
      status: 404,
      code: 'member-not-found',
    });
    expect(await errorOf(await call('owner', 'DELETE', `/api/projects/${project.id}/members/${users.stranger.user.id}`))).toMatchObject({
      status: 404,
      code: 'member-not-found',
    });
    const badRole = await errorOf(await call('owner', 'PUT', `/api/projects/${project.id}/members/${spare.user.id}`, { role: 'admin' }));
    expect(badRole).toMatchObject({ status: 422, code: 'invalid-body' });
    expect(badRole.message).toContain('role: Invalid option: expected one of "viewer"|"reviewer"|"editor"|"owner"');
  });
});
