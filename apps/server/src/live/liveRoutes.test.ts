import type { LiveSessionJson } from '@verbatim/core/api';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BUNDLE } from '../../test/modelStoreFixtures.ts';
import { bearer, createRoleProject, errorOf, startTestServer, type ProjectCaller, type TestServer, type TestUser } from '../../test/testServer.ts';
import type { Project } from '../auth/ProjectStore.ts';
import { ModelStore } from '@verbatim/asr/node';
import { LiveSessionStore } from './LiveSessionStore.ts';

let server: TestServer;
let project: Project;
let users: Record<ProjectCaller, TestUser>;

beforeAll(async () => {
  // the shipped bundle becomes the default model, so a session needs no model named
  server = await startTestServer({ modelDir: TEST_BUNDLE });
  ({ project, users } = await createRoleProject(server));
}, 60_000);

afterAll(() => server?.close(), 30_000);

const start = (as: TestUser, body: object = { title: 'Opening keynote' }, token = as.token) =>
  server.fetch(`/api/projects/${project.id}/live-sessions`, { method: 'POST', headers: bearer(token), body: JSON.stringify(body) });

describe('live session routes', () => {
  it('starts a session with the default model at its rate, lists it, reads it, and stops it once', async () => {
    const response = await start(users.editor);
    expect(response.status).toBe(201);
    const session = (await response.json()) as LiveSessionJson;
    expect(response.headers.get('location')).toBe(`/api/live-sessions/${session.id}`);
    expect(session).toMatchObject({ projectId: project.id, title: 'Opening keynote', state: 'live', createdBy: users.editor.user.id, sampleRate: 16000, receivedSeconds: 0, sourceConnected: false, finals: 0, transcriptId: null });
    expect(session.model.id).toBe('verbatim-en-char');
    // the model has a word LM: captions adapt it unless asked otherwise
    expect(session.lm).toBe('adapted');

    const list = await server.fetch(`/api/projects/${project.id}/live-sessions`, { headers: bearer(users.viewer.token) });
    expect(((await list.json()) as { liveSessions: LiveSessionJson[] }).liveSessions.map((s) => s.id)).toContain(session.id);
    const read = await server.fetch(`/api/live-sessions/${session.id}`, { headers: bearer(users.viewer.token) });
    expect(((await read.json()) as LiveSessionJson).id).toBe(session.id);

    const stop = () => server.fetch(`/api/live-sessions/${session.id}/stop`, { method: 'POST', headers: bearer(users.editor.token), body: '{}' });
    const stopped = await stop();
    expect(stopped.status).toBe(200);
    expect(((await stopped.json()) as LiveSessionJson).state).not.toBe('live');
    expect(await errorOf(await stop())).toMatchObject({ status: 409, code: 'session-not-live' });
  });

  it('refuses viewers and reviewers with a message, read-scoped tokens, unknown models and bad titles', async () => {
    for (const caller of ['viewer', 'reviewer'] as const) {
      const error = await errorOf(await start(users[caller]));
      expect(error).toMatchObject({ status: 403, code: 'insufficient-role' });
      expect(error.message).toContain('needs editor');
    }
    expect(await errorOf(await start(users.stranger))).toMatchObject({ status: 404, code: 'project-not-found' });
    const readOnly = server.tokens.create(users.editor.user.id, 'read only', { scope: 'read' }).token;
    expect(await errorOf(await start(users.editor, undefined, readOnly))).toMatchObject({ status: 403, code: 'insufficient-scope' });
    const transcribe = server.tokens.create(users.editor.user.id, 'script', { scope: 'transcribe' }).token;
    expect((await start(users.editor, undefined, transcribe)).status).toBe(201);
    expect(await errorOf(await start(users.editor, { title: 'x', model: 'no-such-model' }))).toMatchObject({ status: 422, code: 'model-not-found' });
    expect(await errorOf(await start(users.editor, { title: '   ' }))).toMatchObject({ status: 422, code: 'invalid-body' });
  });

  it('keeps the word LM mode asked for, and refuses one the model cannot give', async () => {
    for (const lm of ['off', 'base', 'adapted'] as const) {
      const response = await start(users.editor, { title: `Talk, LM ${lm}`, lm });
      expect(response.status).toBe(201);
      const session = (await response.json()) as LiveSessionJson;
      expect(session.lm).toBe(lm);
      expect(new LiveSessionStore(server.db).get(session.id)?.lm).toBe(lm);
    }
    expect(await errorOf(await start(users.editor, { title: 'x', lm: 'on' }))).toMatchObject({ status: 422, code: 'invalid-body' });
    // the int8 bundle has no word LM: off is its default and its only choice
    const store = new ModelStore(join(server.config.dataDir, 'models'));
    const int8 = await store.install(resolve(TEST_BUNDLE, '../verbatim-en-char-v1-int8'), { installedBy: 'test' });
    try {
      for (const lm of ['base', 'adapted'] as const) {
        const refused = await errorOf(await start(users.editor, { title: 'x', model: int8.ref, lm }));
        expect(refused).toMatchObject({ status: 422, code: 'lm-unavailable' });
        expect(refused.message).toContain(int8.ref);
      }
      const plain = (await (await start(users.editor, { title: 'Talk, int8', model: int8.ref })).json()) as LiveSessionJson;
      expect(plain.lm).toBe('off');
    } finally {
      await store.remove(int8.ref);
    }
  }, 60_000);

  it('answers 404 alike for an unknown session and one of a project the caller is not in; a viewer cannot stop', async () => {
    const id = new LiveSessionStore(server.db).create({ projectId: project.id, title: 'Talk', createdBy: users.owner.user.id, model: { id: 'm', version: '1', sha256: 'ab'.repeat(32) }, sampleRate: 16000 }).id;
    expect(await errorOf(await server.fetch(`/api/live-sessions/${id}`, { headers: bearer(users.stranger.token) }))).toMatchObject({ status: 404, code: 'live-session-not-found' });
    expect(await errorOf(await server.fetch(`/api/live-sessions/${crypto.randomUUID()}`, { headers: bearer(users.owner.token) }))).toMatchObject({ status: 404, code: 'live-session-not-found' });
    const viewerStop = await server.fetch(`/api/live-sessions/${id}/stop`, { method: 'POST', headers: bearer(users.viewer.token), body: '{}' });
    expect(await errorOf(viewerStop)).toMatchObject({ status: 403, code: 'insufficient-role' });
    expect(new LiveSessionStore(server.db).get(id)?.state).toBe('live');
  });
});
