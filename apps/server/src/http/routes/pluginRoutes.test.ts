// The plugin routes on a real server: the plugins it discovered at start (the repository's first-party plugins,
// found through the default configuration, plus a temporary directory holding a valid and a refused plugin) and
// each project's choice of them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Project } from '../../auth/ProjectStore.ts';
import { loadConfig } from '../../config/loadConfig.ts';
import { createTestPluginDir, testPluginPackage, type TestPluginDir } from '../../../test/pluginTestFixtures.ts';
import { PluginListResponse, ProjectPluginJson, ProjectPluginListResponse } from '../../plugins/pluginSchemas.ts';
import { bearer, errorOf, startTestServer, type TestServer, type TestUser } from '../../../test/testServer.ts';

type Caller = 'admin' | 'owner' | 'editor' | 'viewer';

let fixtures: TestPluginDir;
let server: TestServer;
let users: Record<Caller, TestUser>;
let project: Project;
const defaults = loadConfig({ argv: [], env: {} });

beforeAll(async () => {
  fixtures = createTestPluginDir();
  fixtures.write('extra', testPluginPackage('extra', '3.1.4', { vocabularies: [{ id: 'extra.words', title: 'Extra words' }], commands: [{ id: 'extra.hello', title: 'Say hello' }] }), {
    'index.js': 'export default { activate() {} };\n',
  });
  // refused: the id breaks the manifest rules
  fixtures.write('broken', testPluginPackage('Broken Plugin', '1.0.0', {}), { 'index.js': 'export default { activate() {} };\n' });
  server = await startTestServer({ pluginDirs: [...defaults.pluginDirs, fixtures.dir] });
  users = {
    admin: await server.createUser('admin', { isAdmin: true }),
    owner: await server.createUser('owner'),
    editor: await server.createUser('editor'),
    viewer: await server.createUser('viewer'),
  };
  project = server.projects.createProject('Clinic', users.owner.user.id);
  server.projects.addMember(project.id, users.editor.user.id, 'editor');
  server.projects.addMember(project.id, users.viewer.user.id, 'viewer');
}, 60_000);

afterAll(async () => {
  await server?.close();
  fixtures?.remove();
});

function call(caller: Caller, method: string, path: string): Promise<Response> {
  return server.fetch(path, { method, headers: bearer(users[caller].token) });
}

async function fits<S extends z.ZodType>(response: Response, status: number, schema: S): Promise<z.infer<S>> {
  const body = (await response.json()) as unknown;
  expect(response.status, JSON.stringify(body)).toBe(status);
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  // the schema names every field the server sends
  expect(parsed.data).toEqual(body);
  return parsed.data as z.infer<S>;
}

describe('GET /api/plugins', () => {
  it('lists the first-party plugins of the default configuration, with what they contribute', async () => {
    const { plugins } = await fits(await call('viewer', 'GET', '/api/plugins'), 200, PluginListResponse);
    expect(plugins.map((p) => p.id)).toEqual(['extra', 'medical', 'ruby', 'social']);
    const medical = plugins.find((p) => p.id === 'medical')!;
    const terms = JSON.parse(readFileSync(join(defaults.pluginDirs[0]!, 'medical', 'vocabulary', 'terms.json'), 'utf8')) as unknown[];
    expect(medical).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), displayName: 'Medicine' });
    expect(medical.contributes.vocabularies).toEqual([{ id: 'medical.terms', title: expect.any(String), entries: terms.length }]);
    expect(medical.contributes.postProcessors.map((p) => p.id)).toEqual(['medical.dosage', 'medical.casing']);
    // a computed vocabulary has no count without running the plugin
    expect(plugins.find((p) => p.id === 'extra')).toEqual({
      id: 'extra',
      version: '3.1.4',
      displayName: 'The extra plugin',
      description: 'Test plugin extra.',
      contributes: { vocabularies: [{ id: 'extra.words', title: 'Extra words' }], postProcessors: [], commands: [{ id: 'extra.hello', title: 'Say hello' }] },
    });
  });

  it('shows the refused plugins, and why, to administrators only', async () => {
    const forAdmin = await fits(await call('admin', 'GET', '/api/plugins'), 200, PluginListResponse);
    expect(forAdmin.problems).toEqual([expect.objectContaining({ where: join(fixtures.dir, 'broken', 'package.json'), message: expect.stringContaining('Broken Plugin') })]);
    const forOwner = await fits(await call('owner', 'GET', '/api/plugins'), 200, PluginListResponse);
    expect(forOwner).not.toHaveProperty('problems');
    // and the server said so when it started
    expect(server.logs.some((log) => log.level === 'warn' && log.message.includes('Broken Plugin'))).toBe(true);
  });
});

describe('a project\'s plugins', () => {
  const base = () => `/api/projects/${project.id}/plugins`;

  it('are enabled by owners (idempotently), listed to every member and disabled by owners', async () => {
    expect((await fits(await call('viewer', 'GET', base()), 200, ProjectPluginListResponse)).plugins).toEqual([]);

    const enabled = await fits(await call('owner', 'PUT', `${base()}/medical`), 201, ProjectPluginJson);
    expect(enabled).toEqual({ id: 'medical', version: expect.any(String), installed: true, enabledBy: users.owner.user.id, enabledAt: expect.any(Number) });
    const again = await fits(await call('owner', 'PUT', `${base()}/medical`), 200, ProjectPluginJson);
    expect(again).toEqual(enabled);
    await fits(await call('owner', 'PUT', `${base()}/extra`), 201, ProjectPluginJson);

    const listed = await fits(await call('viewer', 'GET', base()), 200, ProjectPluginListResponse);
    expect(listed.plugins.map((p) => [p.id, p.version])).toEqual([['extra', '3.1.4'], ['medical', enabled.version]]);

    const removed = await call('owner', 'DELETE', `${base()}/extra`);
    expect(removed.status).toBe(204);
    expect(await errorOf(await call('owner', 'DELETE', `${base()}/extra`))).toMatchObject({ status: 404, code: 'plugin-not-enabled' });
    expect((await fits(await call('viewer', 'GET', base()), 200, ProjectPluginListResponse)).plugins.map((p) => p.id)).toEqual(['medical']);
  });

  it('cannot include a refused or unknown plugin', async () => {
    for (const id of ['Broken%20Plugin', 'nonexistent', 'x'.repeat(100)]) {
      expect(await errorOf(await call('owner', 'PUT', `${base()}/${id}`))).toMatchObject({ status: 404, code: 'plugin-not-found' });
    }
    expect(await errorOf(await call('owner', 'PUT', `${base()}/${'x'.repeat(101)}`))).toMatchObject({ status: 400, code: 'invalid-plugin-id' });
  });

  it('shows a plugin enabled before it was uninstalled as no longer installed', async () => {
    server.db.prepare('INSERT INTO project_plugins (project_id, plugin_id, enabled_by, enabled_at) VALUES (?, ?, NULL, 1)').run(project.id, 'gone');
    const { plugins } = await fits(await call('viewer', 'GET', base()), 200, ProjectPluginListResponse);
    expect(plugins.find((p) => p.id === 'gone')).toEqual({ id: 'gone', version: null, installed: false, enabledBy: null, enabledAt: 1 });
    expect((await call('owner', 'DELETE', `${base()}/gone`)).status).toBe(204);
  });

  it('are chosen by owners only', async () => {
    for (const method of ['PUT', 'DELETE']) {
      expect(await errorOf(await call('editor', method, `${base()}/ruby`))).toMatchObject({ status: 403, code: 'insufficient-role' });
    }
  });
});
