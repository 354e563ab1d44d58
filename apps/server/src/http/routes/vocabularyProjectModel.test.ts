// Vocabulary entries are spelt in the tokens of the model the project's transcriptions use: the project's own default
// alias when it has one, else the deployment's (here the test bundle, whose tokens are <pad> | a b).
import { join } from 'node:path';
import { ModelStore } from '@verbatim/asr/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../auth/ProjectStore.ts';
import { TEST_BUNDLE } from '../../../test/modelStoreFixtures.ts';
import { bearer, errorOf, startTestServer, type TestServer, type TestUser } from '../../../test/testServer.ts';

let server: TestServer;
let owner: TestUser;
let english: Project;
let other: Project;

beforeAll(async () => {
  server = await startTestServer();
  owner = await server.createUser('owner');
  english = server.projects.createProject('English', owner.user.id);
  other = server.projects.createProject('Other', owner.user.id);
  // the shipped bundle (letters a-z) installed beside the test bundle, and made the English project's default
  const installed = await new ModelStore(join(server.config.dataDir, 'models')).install(TEST_BUNDLE, { installedBy: 'test' });
  const moved = await put(`/api/projects/${english.id}/model-aliases/default`, { model: installed.ref, reason: 'English interviews' });
  expect(moved.status, await moved.clone().text()).toBe(200);
}, 60_000);

afterAll(() => server?.close());

function put(path: string, body: unknown): Promise<Response> {
  return server.fetch(path, { method: 'PUT', headers: bearer(owner.token), body: JSON.stringify(body) });
}

describe('vocabulary checked against the project model', () => {
  it("accepts a word the project's model can spell and the deployment's cannot", async () => {
    const accepted = await put(`/api/projects/${english.id}/vocabulary`, { entries: [{ phrase: 'xyz' }] });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    const refused = await put(`/api/projects/${other.id}/vocabulary`, { entries: [{ phrase: 'xyz' }] });
    expect(await errorOf(refused)).toMatchObject({ status: 422, code: 'invalid-vocabulary' });
  });

  it("follows the project's alias when it moves back to the deployment's model", async () => {
    expect((await put(`/api/projects/${english.id}/model-aliases/default`, { model: null, reason: 'back to the default' })).status).toBe(200);
    const refused = await put(`/api/projects/${english.id}/vocabulary`, { entries: [{ phrase: 'xyz' }] });
    expect(await errorOf(refused)).toMatchObject({ status: 422, code: 'invalid-vocabulary' });
  });
});
