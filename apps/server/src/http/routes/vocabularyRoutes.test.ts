// The project vocabulary routes on a real server; entries are checked against the test bundle, whose tokens are
// <pad> | a b, so it can spell "ab" and "ba ab" but not "xyz".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../auth/ProjectStore.ts';
import { MediaStore } from '../../media/MediaStore.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { bearer, createRoleProject, errorOf, type ProjectCaller, startTestServer, type TestServer, type TestUser } from '../../../test/testServer.ts';

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
    const by = { createdBy: users.editor.user.id, createdByName: 'editor', updatedBy: users.editor.user.id, updatedByName: 'editor' };
    expect(entries).toEqual([
      { phrase: 'ab', soundsLike: ['a b'], boost: 3, source: { kind: 'import' }, ...by, createdAt: expect.any(Number), updatedAt: expect.any(Number) },
      { phrase: 'ba ab', displayAs: 'Baab', source: { kind: 'import' }, ...by, createdAt: expect.any(Number), updatedAt: expect.any(Number) },
    ]);

    const added = await call('owner', 'POST', '', { phrase: 'bab' });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ phrase: 'bab', source: { kind: 'manual' }, createdBy: users.owner.user.id });
    const changed = await call('editor', 'POST', '', { phrase: 'bab', boost: 1.5 });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ phrase: 'bab', boost: 1.5, createdBy: users.owner.user.id, updatedBy: users.editor.user.id });
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
    const response = await call('editor', 'PUT', '', { entries: [{ phrase: 'ba' }, { phrase: 'xyz' }, { phrase: 'ab', displayAs: '  ' }] });
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as { error: { code: string; message: string; problems: { index: number; phrase: string; code: string; reason: string }[] } };
    expect(error.code).toBe('invalid-vocabulary');
    expect(error.problems.map((p) => [p.index, p.phrase, p.code])).toEqual([
      [1, 'xyz', 'unsupported-characters'],
      [2, 'ab', 'invalid-display-as'],
    ]);
    for (const problem of error.problems) expect(problem.reason.length).toBeGreaterThan(10);
    expect(error.message).toMatch(/2 vocabulary entries are invalid/);

    const one = await call('editor', 'POST', '', { phrase: 'xyz' });
    expect(one.status).toBe(422);
    expect(((await one.json()) as { error: { problems: { index: number; code: string }[] } }).error.problems).toMatchObject([{ index: 0, code: 'unsupported-characters' }]);
    // the body's schema holds the contract's bounds (VOCABULARY_LIMITS), so a boost beyond them is an invalid body
    expect(await errorOf(await call('editor', 'POST', '', { phrase: 'ab', boost: 50 }))).toMatchObject({ status: 422, code: 'invalid-body' });
    expect(await phrases()).toEqual(['ab']);
  });

  it('never stores a common phrase as a sounds-like form, which would rewrite it in every later transcript', async () => {
    await call('owner', 'PUT', '', { entries: [] });
    // the test bundle has no language model: common English words decide ("a" is one, "a b" is not)
    const response = await call('editor', 'POST', '', { phrase: 'ab', soundsLike: ['a', 'a b'] });
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as { error: { code: string; problems: unknown[] } };
    expect(error.code).toBe('invalid-vocabulary');
    expect(error.problems).toEqual([{ index: 0, phrase: 'ab', code: 'common-sounds-like', soundsLike: 'a', reason: expect.stringContaining('too common') }]);
    expect(await errorOf(await call('editor', 'PUT', '', { entries: [{ phrase: 'ba' }, { phrase: 'ab', soundsLike: ['a'] }] }))).toMatchObject({ status: 422, code: 'invalid-vocabulary' });
    expect(await phrases()).toEqual([]);
    expect((await call('editor', 'POST', '', { phrase: 'ab', soundsLike: ['a b'] })).status).toBe(201);
  });

  it('checks entries without storing them, for editors and owners', async () => {
    await call('owner', 'PUT', '', { entries: [] });
    const check = async (caller: Caller, entries: unknown[]) => call(caller, 'POST', '/check', { entries });
    const answer = await check('editor', [{ phrase: 'ab', soundsLike: ['a', 'b a'] }, { phrase: 'xyz' }]);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { problems: unknown[] }).problems).toEqual([
      expect.objectContaining({ index: 0, code: 'common-sounds-like', soundsLike: 'a' }),
      expect.objectContaining({ index: 1, code: 'unsupported-characters' }),
    ]);
    expect(await (await check('owner', [{ phrase: 'ab', soundsLike: ['b a'] }])).json()).toEqual({ problems: [] });
    expect(await phrases()).toEqual([]);
    expect(await errorOf(await check('reviewer', [{ phrase: 'ab' }]))).toMatchObject({ status: 403, code: 'insufficient-role' });
    expect(await errorOf(await check('editor', []))).toMatchObject({ status: 422, code: 'invalid-body' });
  });

  it('records an entry added from a correction, naming its transcript, only for a transcript of the project', async () => {
    const media = new MediaStore(server.db, { dataDir: server.config.dataDir });
    const insert = (projectId: string, name: string) =>
      media.insert([{ projectId, sha256: 'e'.repeat(64), originalName: name, format: 'wav', bytes: 10, durationSeconds: 2, sampleRate: 16000, channels: 1, createdBy: null, peaksPath: null }])[0]!.id;
    const transcripts = new TranscriptStore(server.db);
    const model = { id: 'en', version: '1', sha256: 'cd'.repeat(32) };
    const ours = transcripts.create({ projectId: project.id, mediaId: insert(project.id, 'ward round.wav'), model, segments: [] }).id;
    const elsewhere = server.projects.createProject('Elsewhere', users.stranger.user.id);
    const theirs = transcripts.create({ projectId: elsewhere.id, mediaId: insert(elsewhere.id, 'secret.wav'), model, segments: [] }).id;

    const source = { kind: 'correction', transcriptId: ours, before: 'a b a', after: 'aba' };
    const added = await call('editor', 'POST', '', { phrase: 'aba', soundsLike: ['a b a'], source });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ phrase: 'aba', source: { ...source, mediaName: 'ward round.wav' }, createdByName: 'editor' });
    expect(await errorOf(await call('editor', 'POST', '', { phrase: 'abb', source: { ...source, transcriptId: theirs } }))).toMatchObject({ status: 422, code: 'transcript-not-found' });
    expect(await errorOf(await call('editor', 'POST', '', { phrase: 'abb', source: { kind: 'import' } }))).toMatchObject({ status: 422, code: 'invalid-body' });
    expect(await phrases()).toContain('aba');
    expect(await phrases()).not.toContain('abb');
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
