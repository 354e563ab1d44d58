// The model registry's HTTP API against the real server, its SQLite file and its model store (the shipped bundle,
// installed at start, and a variant of it), with URL installs served by a local HTTP server.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { ModelStore, type InstalledModel } from '@verbatim/asr/node';
import type { InstalledModelJson, JobJson, ModelAliasEventJson, ModelAliasJson, ModelInstallJson } from '@verbatim/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BUNDLE, writeVariant } from '../../test/modelStoreFixtures.ts';
import { bearer, errorOf, startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';
import type { Project } from '../auth/ProjectStore.ts';
import { CalibrationStore } from '../quality/CalibrationStore.ts';

let server: TestServer;
let admin: TestUser;
let owner: TestUser;
let viewer: TestUser;
let project: Project;
let store: ModelStore;
let bundled: InstalledModel;
let variant: InstalledModel;

beforeAll(async () => {
  server = await startTestServer({ modelDir: TEST_BUNDLE, allowHttpModelUrls: true });
  admin = await server.createUser('admin', { isAdmin: true });
  owner = await server.createUser('owner');
  viewer = await server.createUser('viewer');
  project = server.projects.createProject('Interviews', owner.user.id);
  server.projects.addMember(project.id, viewer.user.id, 'viewer');
  store = new ModelStore(join(server.config.dataDir, 'models'));
  bundled = (await store.list())[0]!;
  variant = await store.install(writeVariant(TEST_BUNDLE, join(server.dir, 'variant'), 'http-b'));
}, 60_000);

afterAll(async () => {
  await server?.close();
});

async function call(user: TestUser, method: string, path: string, body?: unknown): Promise<Response> {
  return server.fetch(path, { method, headers: bearer(user.token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

async function json<T>(response: Response, status = 200): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}

describe('the bundled model at start', () => {
  it('is installed into the store and made the deployment default by the system, once', async () => {
    const { models } = await json<{ models: InstalledModelJson[] }>(await call(viewer, 'GET', '/api/models'));
    expect(models.find((m) => m.sha256 === bundled.sha256)).toMatchObject({ ref: bundled.ref, installedBy: 'system', aliases: ['default'], inUse: true });
    const { events } = await json<{ events: ModelAliasEventJson[] }>(await call(viewer, 'GET', '/api/model-aliases/history'));
    expect(events.at(-1)).toMatchObject({ alias: 'default', action: 'set', from: null, to: { sha256: bundled.sha256 }, by: 'system' });
    expect(server.logs.find((l) => l.message === 'installed the model bundle into the model store')?.fields).toMatchObject({ installed: true, aliased: true });
  });

  it('is named by the default alias gauge of /metrics', async () => {
    const text = await (await server.fetch('/metrics')).text();
    expect(text).toContain(`verbatim_model_default_info{model_id="${bundled.id}",model_version="${bundled.version}",sha256="${bundled.sha256}"} 1`);
  });

  it('is found in the store without a second install (nor probe) by the next server on the same store', async () => {
    const again = await startTestServer({ modelDir: TEST_BUNDLE, modelStoreDir: join(server.config.dataDir, 'models') });
    try {
      // its database is a fresh one, whose default the found model becomes
      expect(again.logs.find((l) => l.message === 'the model bundle is in the model store')?.fields).toMatchObject({ installed: false, aliased: true, sha256: bundled.sha256 });
    } finally {
      await again.close();
    }
  });
});

describe('aliases over HTTP', () => {
  it('sets, promotes and rolls back, with the history newest first', async () => {
    const set = await json<ModelAliasJson>(await call(admin, 'PUT', '/api/model-aliases/candidate', { model: variant.ref, reason: 'trial' }));
    expect(set).toMatchObject({ alias: 'candidate', projectId: null, model: { id: variant.id, version: variant.version, sha256: variant.sha256 }, updatedBy: admin.user.id });
    const promoted = await json<ModelAliasJson>(await call(admin, 'POST', '/api/model-aliases/promote', { reason: 'better on the reviewed set' }));
    expect(promoted.model?.sha256).toBe(variant.sha256);
    const { aliases } = await json<{ aliases: ModelAliasJson[] }>(await call(viewer, 'GET', '/api/model-aliases'));
    expect(aliases.map((a) => [a.alias, a.model?.sha256 ?? null])).toEqual([['default', variant.sha256], ['candidate', null]]);
    const back = await json<ModelAliasJson>(await call(admin, 'POST', '/api/model-aliases/default/rollback', { reason: 'worse on names' }));
    expect(back.model?.sha256).toBe(bundled.sha256);
    const { events } = await json<{ events: ModelAliasEventJson[] }>(await call(viewer, 'GET', '/api/model-aliases/history'));
    expect(events.slice(0, 4).map((e) => [e.alias, e.action, e.reason, e.byName])).toEqual([
      ['default', 'rollback', 'worse on names', 'admin'],
      ['candidate', 'clear', 'promoted to default: better on the reviewed set', 'admin'],
      ['default', 'promote', 'better on the reviewed set', 'admin'],
      ['candidate', 'set', 'trial', 'admin'],
    ]);
    expect(await errorOf(await call(admin, 'POST', '/api/model-aliases/default/rollback', { reason: 'again' }))).toMatchObject({ status: 409, code: 'nothing-to-roll-back' });
  });

  it('answers bad moves precisely', async () => {
    expect(await errorOf(await call(admin, 'PUT', '/api/model-aliases/candidate', { model: 'nope@1', reason: 'x' }))).toMatchObject({ status: 422, code: 'model-not-found' });
    expect(await errorOf(await call(admin, 'PUT', '/api/model-aliases/default', { model: null, reason: 'x' }))).toMatchObject({ status: 422, code: 'invalid-alias-move' });
    expect(await errorOf(await call(admin, 'PUT', '/api/model-aliases/stable', { model: variant.ref, reason: 'x' }))).toMatchObject({ status: 404, code: 'unknown-alias' });
    expect(await errorOf(await call(admin, 'PUT', '/api/model-aliases/candidate', { model: variant.ref }))).toMatchObject({ status: 422, code: 'invalid-body' });
    expect(await errorOf(await call(admin, 'POST', '/api/model-aliases/promote', { reason: 'no candidate' }))).toMatchObject({ status: 409, code: 'no-candidate' });
  });

  it("lets a project's owner override its default, which its members see and its jobs use", async () => {
    expect(await errorOf(await call(viewer, 'PUT', `/api/projects/${project.id}/model-aliases/default`, { model: variant.ref, reason: 'x' }))).toMatchObject({ status: 403 });
    const own = await json<ModelAliasJson>(await call(owner, 'PUT', `/api/projects/${project.id}/model-aliases/default`, { model: variant.ref, reason: 'our accent' }));
    expect(own).toMatchObject({ projectId: project.id, model: { sha256: variant.sha256 } });
    const { aliases } = await json<{ aliases: ModelAliasJson[] }>(await call(viewer, 'GET', `/api/projects/${project.id}/model-aliases`));
    expect(aliases).toEqual([
      expect.objectContaining({ alias: 'default', projectId: project.id, model: expect.objectContaining({ sha256: variant.sha256 }) }),
      expect.objectContaining({ alias: 'candidate', projectId: null, model: null }),
    ]);
    const { events } = await json<{ events: ModelAliasEventJson[] }>(await call(viewer, 'GET', `/api/model-aliases/history?projectId=${project.id}`));
    expect(events.map((e) => [e.action, e.reason])).toEqual([['set', 'our accent']]);
    // the owner rolls it back: the project follows the deployment again
    await json(await call(owner, 'POST', '/api/model-aliases/default/rollback', { reason: 'done', projectId: project.id }));
    const after = await json<{ aliases: ModelAliasJson[] }>(await call(viewer, 'GET', `/api/projects/${project.id}/model-aliases`));
    expect(after.aliases[0]).toMatchObject({ projectId: null, model: { sha256: bundled.sha256 } });
    // the deployment's aliases stay the administrators'
    expect(await errorOf(await call(owner, 'POST', '/api/model-aliases/default/rollback', { reason: 'x' }))).toMatchObject({ status: 403, code: 'admin-required' });
  });

  it('refuses an administrator demoted a moment ago at the next request', async () => {
    const former = await server.createUser('former', { isAdmin: true });
    await json(await call(former, 'PUT', '/api/model-aliases/candidate', { model: null, reason: 'still admin' }));
    server.accounts.setAdmin(former.user.id, false);
    expect(await errorOf(await call(former, 'PUT', '/api/model-aliases/candidate', { model: null, reason: 'not any more' }))).toMatchObject({ status: 403, code: 'admin-required' });
    expect(await errorOf(await call(former, 'DELETE', `/api/models/${variant.ref}`))).toMatchObject({ status: 403, code: 'admin-required' });
    expect(await errorOf(await call(former, 'POST', '/api/models/installs', { url: 'https://example.org/m.tar.gz', sha256: '0'.repeat(64) }))).toMatchObject({ status: 403, code: 'admin-required' });
  });
});

describe('calibration as listed', () => {
  it('says a package without calibration is uncalibrated until its version is recalibrated from verified words', async () => {
    const int8 = await store.install(resolve(TEST_BUNDLE, '../verbatim-en-char-v1-int8'), { installedBy: 'test' });
    const listed = async () => (await json<{ models: InstalledModelJson[] }>(await call(viewer, 'GET', '/api/models'))).models.find((m) => m.sha256 === int8.sha256)!;
    expect((await listed()).calibrated).toBe(false);
    const calibrations = new CalibrationStore(server.db);
    const revision = calibrations.add({ modelId: int8.id, modelVersion: int8.version, scaling: { a: 1.2, b: -0.3 }, fittedWords: 400, heldOutWords: 100, eceBefore: 0.2, eceAfter: 0.05, by: admin.user.id });
    expect((await listed()).calibrated).toBe(true);
    calibrations.remove(revision.id, admin.user.id);
    expect((await listed()).calibrated).toBe(false);
    await store.remove(int8.ref);
  });
});

describe('removing models', () => {
  it('refuses a model an alias uses, naming the alias, then removes it once nothing does', async () => {
    await json(await call(admin, 'PUT', '/api/model-aliases/candidate', { model: variant.ref, reason: 'trial' }));
    const refused = await errorOf(await call(admin, 'DELETE', `/api/models/${variant.ref}`));
    expect(refused).toMatchObject({ status: 409, code: 'model-in-use' });
    expect(refused.message).toContain('the candidate alias');
    expect(await store.get(variant.ref)).toBeDefined();
    await json(await call(admin, 'PUT', '/api/model-aliases/candidate', { model: null, reason: 'trial over' }));
    expect((await call(admin, 'DELETE', `/api/models/${variant.ref}`)).status).toBe(204);
    expect(await store.get(variant.ref)).toBeUndefined();
    expect(await errorOf(await call(admin, 'DELETE', `/api/models/${variant.ref}`))).toMatchObject({ status: 404, code: 'model-not-found' });
    expect(await errorOf(await call(admin, 'DELETE', '/api/models/..%2Fetc'))).toMatchObject({ status: 400, code: 'invalid-model-ref' });
    // back for the tests that follow
    variant = await store.install(join(server.dir, 'variant'));
  });
});

describe('jobs and models', () => {
  let mediaId: string;

  beforeAll(async () => {
    const wav = join(server.dir, 'tone.wav');
    execFileSync('nice', ['-n', '19', 'sox', '-n', '-r', '16000', '-b', '16', '-c', '1', wav, 'synth', '2', 'sine', '440']);
    const form = new FormData();
    form.append('file', new Blob([readFileSync(wav)]), 'tone.wav');
    const response = await server.fetch(`/api/projects/${project.id}/media`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}` }, body: form });
    mediaId = (await json<{ media: { id: string }[] }>(response, 201)).media[0]!.id;
  });

  async function finished(jobId: string): Promise<JobJson> {
    const text = await (await call(owner, 'GET', `/api/jobs/${jobId}/events`)).text();
    const events = text.split('\n\n').filter((m) => m.startsWith('event: job\n')).map((m) => JSON.parse(m.slice(m.indexOf('data: ') + 6)) as JobJson);
    return events.at(-1)!;
  }

  it('runs a job on the model it names, recorded in its result and its transcript', async () => {
    const job = await json<JobJson>(await call(owner, 'POST', `/api/projects/${project.id}/jobs`, { mediaId, model: variant.ref }), 202);
    expect(job.payload).toEqual({ mediaId, model: variant.ref });
    const done = await finished(job.id);
    expect(done).toMatchObject({ state: 'succeeded', result: { model: { id: variant.id, version: variant.version, sha256: variant.sha256 } } });
    const transcript = await json<{ model: unknown }>(await call(owner, 'GET', `/api/transcripts/${(done.result as { transcriptId: string }).transcriptId}`));
    expect(transcript.model).toEqual({ id: variant.id, version: variant.version, sha256: variant.sha256 });
  }, 60_000);

  it('refuses a job naming a model that is not installed', async () => {
    expect(await errorOf(await call(owner, 'POST', `/api/projects/${project.id}/jobs`, { mediaId, model: 'nope@1' }))).toMatchObject({ status: 422, code: 'model-not-found' });
    expect(await errorOf(await call(owner, 'POST', `/api/projects/${project.id}/jobs`, { mediaId, model: '../x' }))).toMatchObject({ status: 422, code: 'invalid-body' });
  });

  it('refuses a word LM mode with a model that has no word LM, before queueing anything', async () => {
    const int8 = await store.install(resolve(TEST_BUNDLE, '../verbatim-en-char-v1-int8'), { installedBy: 'test' });
    try {
      for (const lm of ['base', 'adapted'] as const) {
        const refused = await errorOf(await call(owner, 'POST', `/api/projects/${project.id}/jobs`, { mediaId, model: int8.ref, lm }));
        expect(refused).toMatchObject({ status: 422, code: 'lm-unavailable' });
        expect(refused.message).toContain(int8.ref);
      }
    } finally {
      await store.remove(int8.ref);
    }
  });

  it('fails a job whose alias points at a model removed behind the server, with a message saying so', async () => {
    await json(await call(owner, 'PUT', `/api/projects/${project.id}/model-aliases/default`, { model: variant.ref, reason: 'ours' }));
    // the command line shares the store and knows nothing of aliases
    await store.remove(variant.ref);
    const job = await json<JobJson>(await call(owner, 'POST', `/api/projects/${project.id}/jobs`, { mediaId }), 202);
    const done = await finished(job.id);
    expect(done).toMatchObject({ state: 'failed', attempts: 1 });
    expect(done.error).toBe(`This project's default model alias points at ${variant.ref}, which is no longer installed: point the alias at an installed model or roll it back.`);
    // the server is still up and the project can go back to the deployment's model
    await json(await call(owner, 'PUT', `/api/projects/${project.id}/model-aliases/default`, { model: null, reason: 'model gone' }));
    variant = await store.install(join(server.dir, 'variant'));
  }, 60_000);
});

describe('installs from a URL', () => {
  let http: Server;
  let base: string;
  let archive: Uint8Array;
  let sha256: string;
  let hold: ServerResponse | undefined;
  let onRequest: ((response: ServerResponse) => void) | undefined;

  beforeAll(async () => {
    // the variant packaged as a .tar.gz, renamed so it is a package the store does not hold yet
    const dir = writeVariant(TEST_BUNDLE, join(server.dir, 'to-download'), 'downloaded');
    execFileSync('tar', ['-czf', join(server.dir, 'model.tar.gz'), '-C', dir, '.']);
    archive = new Uint8Array(readFileSync(join(server.dir, 'model.tar.gz')));
    sha256 = createHash('sha256').update(archive).digest('hex');
    http = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': String(archive.length) });
      if (onRequest !== undefined) onRequest(response);
      else response.end(archive);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    hold?.destroy();
    await new Promise((resolve) => http?.close(resolve));
  });

  async function install(id: string): Promise<ModelInstallJson> {
    return json<ModelInstallJson>(await call(admin, 'GET', `/api/models/installs/${id}`));
  }

  /** Polls the install (each poll a request, no timer) until `done` says so. */
  async function until(id: string, done: (i: ModelInstallJson) => boolean): Promise<ModelInstallJson> {
    for (;;) {
      const current = await install(id);
      if (done(current)) return current;
    }
  }

  it('needs the expected sha256 of the download, and an administrator', async () => {
    expect(await errorOf(await call(admin, 'POST', '/api/models/installs', { url: `${base}/model.tar.gz` }))).toMatchObject({ status: 422, code: 'sha256-required' });
    expect(await errorOf(await call(owner, 'POST', '/api/models/installs', { url: `${base}/model.tar.gz`, sha256 }))).toMatchObject({ status: 403, code: 'admin-required' });
  });

  it('reports the download as it arrives, and can be cancelled, leaving the store as it was', async () => {
    const before = (await store.list()).map((m) => m.sha256);
    onRequest = (response) => {
      hold = response;
      response.write(archive.subarray(0, 1000));
    };
    const started = await json<ModelInstallJson>(await call(admin, 'POST', '/api/models/installs', { url: `${base}/model.tar.gz`, sha256 }), 202);
    expect(started).toMatchObject({ state: 'downloading', source: `${base}/model.tar.gz`, error: null, model: null });
    const partway = await until(started.id, (i) => i.receivedBytes > 0);
    expect(partway).toMatchObject({ state: 'downloading', receivedBytes: 1000, totalBytes: archive.length });
    expect(await errorOf(await call(admin, 'POST', '/api/models/installs', { url: `${base}/model.tar.gz`, sha256 }))).toMatchObject({ status: 409, code: 'install-running' });
    const cancelled = await json<ModelInstallJson>(await call(admin, 'DELETE', `/api/models/installs/${started.id}`));
    expect(cancelled).toMatchObject({ state: 'cancelled', error: 'The install was cancelled.', model: null, finishedAt: expect.any(Number) });
    expect((await store.list()).map((m) => m.sha256)).toEqual(before);
    hold?.destroy();
    onRequest = undefined;
  });

  it('refuses a download whose hash is not the one expected, naming it', async () => {
    const started = await json<ModelInstallJson>(await call(admin, 'POST', '/api/models/installs', { url: `${base}/model.tar.gz`, sha256: 'f'.repeat(64) }), 202);
    const failed = await until(started.id, (i) => i.finishedAt !== null);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/sha256/);
  });

  it('installs what it downloaded once checked, and lists it', async () => {
    const started = await json<ModelInstallJson>(await call(admin, 'POST', '/api/models/installs', { url: `${base}/model.tar.gz`, sha256, id: 'downloaded', version: '1.0.0' }), 202);
    const done = await until(started.id, (i) => i.finishedAt !== null);
    expect(done).toMatchObject({ state: 'installed', error: null, receivedBytes: archive.length, model: { ref: 'downloaded@1.0.0', installedBy: admin.user.id, source: `${base}/model.tar.gz`, aliases: [], inUse: false } });
    const { models } = await json<{ models: InstalledModelJson[] }>(await call(viewer, 'GET', '/api/models'));
    expect(models.map((m) => m.ref)).toContain('downloaded@1.0.0');
  }, 60_000);
});
