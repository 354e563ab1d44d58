import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/queueTestDatabase.ts';
import { ProjectPluginStore } from './ProjectPluginStore.ts';

let t: TestDatabase;
let store: ProjectPluginStore;
let clock: number;
let projectId: string;
let userId: string;

beforeEach(() => {
  t = createTestDatabase();
  clock = 1000;
  store = new ProjectPluginStore(t.db, { now: () => clock });
  projectId = t.addProject();
  userId = crypto.randomUUID();
  t.db.prepare("INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (?, 'a@example.org', 'A', 'x', 0)").run(userId);
});

afterEach(() => t.dispose());

describe('ProjectPluginStore', () => {
  it('enables idempotently, keeping who enabled a plugin first and when, and lists by id', () => {
    expect(store.enable(projectId, 'ruby', userId)).toEqual({ plugin: { pluginId: 'ruby', enabledBy: userId, enabledAt: 1000 }, created: true });
    clock = 2000;
    expect(store.enable(projectId, 'ruby', null)).toEqual({ plugin: { pluginId: 'ruby', enabledBy: userId, enabledAt: 1000 }, created: false });
    store.enable(projectId, 'medical', null);
    expect(store.list(projectId).map((p) => p.pluginId)).toEqual(['medical', 'ruby']);
    expect(store.list(t.addProject())).toEqual([]);
  });

  it('disables, saying whether the plugin was enabled', () => {
    store.enable(projectId, 'ruby', userId);
    expect(store.disable(projectId, 'ruby')).toBe(true);
    expect(store.disable(projectId, 'ruby')).toBe(false);
    expect(store.get(projectId, 'ruby')).toBeUndefined();
  });

  it('forgets a deleted project\'s plugins and a deleted account\'s name on them', () => {
    store.enable(projectId, 'ruby', userId);
    t.db.prepare('DELETE FROM users WHERE id = ?').run(userId);
    expect(store.get(projectId, 'ruby')).toMatchObject({ enabledBy: null });
    t.db.prepare('DELETE FROM projects WHERE id = ?').run(projectId);
    expect(t.db.prepare('SELECT count(*) AS n FROM project_plugins').get()).toEqual({ n: 0 });
  });
});
