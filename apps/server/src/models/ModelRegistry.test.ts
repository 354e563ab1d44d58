// The registry over a real SQLite file and a real model store holding two packages of the shipped bundle.
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/queueTestDatabase.ts';
import { createTestModelStore, TEST_BUNDLE, writeVariant, type TestModelStore } from '../../test/modelStoreFixtures.ts';
import { JobQueue } from '../queue/JobQueue.ts';
import { identityOf, ModelRegistry, SYSTEM_USER } from './ModelRegistry.ts';

let models: TestModelStore;
let test: TestDatabase;
let registry: ModelRegistry;
let clock: number;
let ada: string;

beforeAll(async () => {
  models = await createTestModelStore();
}, 60_000);

afterAll(() => models?.dispose());

beforeEach(() => {
  test = createTestDatabase();
  clock = 1_000;
  registry = new ModelRegistry({ db: test.db, store: models.store, now: () => clock++ });
  ada = crypto.randomUUID();
  test.db
    .prepare('INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(ada, 'ada@example.org', 'Ada', 'x', 0);
});

afterEach(() => test.dispose());

const by = () => ({ by: ada, reason: 'because' });

describe('ModelRegistry.resolve', () => {
  it('says clearly when no default is set, and resolves a named model without one', async () => {
    await expect(registry.resolve(null)).rejects.toMatchObject({ code: 'no-default-model', message: expect.stringMatching(/No default model is set/) });
    expect((await registry.resolve(null, models.second.ref)).sha256).toBe(models.second.sha256);
    // an id alone is its newest installed version
    expect((await registry.resolve(null, models.first.id)).id).toBe(models.first.id);
    await expect(registry.resolve(null, 'nope@1')).rejects.toMatchObject({ code: 'model-not-found', message: expect.stringContaining('"nope@1" is not installed') });
  });

  it("prefers the project's override to the deployment default, and falls back once it is cleared", async () => {
    const projectId = test.addProject();
    const otherProject = test.addProject('Other');
    await registry.setAlias({ alias: 'default', model: models.first.ref, ...by() });
    await registry.setAlias({ alias: 'default', projectId, model: models.second.ref, ...by() });
    expect((await registry.resolve(projectId)).sha256).toBe(models.second.sha256);
    expect((await registry.resolve(otherProject)).sha256).toBe(models.first.sha256);
    expect((await registry.resolve(null)).sha256).toBe(models.first.sha256);
    expect(registry.effectiveAlias('default', projectId)).toMatchObject({ projectId, model: identityOf(models.second) });
    expect(registry.effectiveAlias('default', otherProject)).toMatchObject({ projectId: null, model: identityOf(models.first) });
    await registry.setAlias({ alias: 'default', projectId, model: null, ...by() });
    expect((await registry.resolve(projectId)).sha256).toBe(models.first.sha256);
  });

  it('says which alias points at a model removed behind it (the command line shares the store), and what to do', async () => {
    const gone = await models.store.install(writeVariant(TEST_BUNDLE, join(models.root, 'gone'), 'gone'));
    await registry.setAlias({ alias: 'default', model: gone.ref, ...by() });
    await models.store.remove(gone.ref);
    await expect(registry.resolve(test.addProject())).rejects.toMatchObject({
      code: 'model-removed',
      message: `The default model alias points at ${gone.ref}, which is no longer installed: point the alias at an installed model or roll it back.`,
    });
    // the alias still says what it meant, and moving it works as ever
    expect(registry.alias('default').model).toEqual(identityOf(gone));
    await registry.setAlias({ alias: 'default', model: models.first.ref, ...by() });
    expect((await registry.resolve(null)).sha256).toBe(models.first.sha256);
  }, 30_000);

  it('refuses to point an alias at a model that is not installed, and leaves everything as it was', async () => {
    await expect(registry.setAlias({ alias: 'candidate', model: 'missing@9', ...by() })).rejects.toMatchObject({ code: 'model-not-found' });
    expect(registry.alias('candidate').model).toBeNull();
    expect(registry.history()).toEqual([]);
  });

  it('records nothing for clearing an alias that is not set', async () => {
    const projectId = test.addProject();
    expect(await registry.setAlias({ alias: 'candidate', model: null, ...by() })).toMatchObject({ model: null });
    expect(await registry.setAlias({ alias: 'default', projectId, model: null, ...by() })).toMatchObject({ projectId, model: null });
    expect(registry.history()).toEqual([]);
    expect(registry.history(projectId)).toEqual([]);
  });

  it('refuses to clear the deployment default', async () => {
    await registry.setAlias({ alias: 'default', model: models.first.ref, ...by() });
    await expect(registry.setAlias({ alias: 'default', model: null, ...by() })).rejects.toMatchObject({ code: 'invalid-alias-move' });
    expect(registry.alias('default').model).toEqual(identityOf(models.first));
  });
});

describe('ModelRegistry history, promote and rollback', () => {
  it('records every move with who, when, from, to and why, newest first', async () => {
    await registry.setAlias({ alias: 'default', model: models.first.ref, by: SYSTEM_USER, reason: 'seeded' });
    await registry.setAlias({ alias: 'default', model: models.second.ref, by: ada, reason: 'try b' });
    expect(registry.history()).toEqual([
      { id: 2, alias: 'default', projectId: null, action: 'set', from: identityOf(models.first), to: identityOf(models.second), by: ada, byName: 'Ada', at: 1001, reason: 'try b', comparisonId: null },
      { id: 1, alias: 'default', projectId: null, action: 'set', from: null, to: identityOf(models.first), by: SYSTEM_USER, byName: null, at: 1000, reason: 'seeded', comparisonId: null },
    ]);
    expect(registry.alias('default')).toEqual({ alias: 'default', projectId: null, model: identityOf(models.second), updatedAt: 1001, updatedBy: ada });
  });

  it('promotes the candidate to default and clears the candidate, in one transaction with both events', async () => {
    await registry.setAlias({ alias: 'default', model: models.first.ref, ...by() });
    await registry.setAlias({ alias: 'candidate', model: models.second.ref, ...by() });
    const comparisonId = crypto.randomUUID();
    const seen: unknown[] = [];
    const promoted = await registry.promote({ by: ada, reason: 'better', comparisonId, gate: (current, candidate) => void seen.push([current, candidate.ref]) });
    expect(seen).toEqual([[identityOf(models.first), models.second.ref]]);
    expect(promoted.model).toEqual(identityOf(models.second));
    expect(registry.alias('candidate').model).toBeNull();
    const [clear, promote] = registry.history();
    expect(promote).toMatchObject({ alias: 'default', action: 'promote', from: identityOf(models.first), to: identityOf(models.second), comparisonId, reason: 'better' });
    expect(clear).toMatchObject({ alias: 'candidate', action: 'clear', from: identityOf(models.second), to: null, reason: 'promoted to default: better' });
  });

  it('refuses a promotion the gate refuses, with its reason, moving nothing', async () => {
    await registry.setAlias({ alias: 'default', model: models.first.ref, ...by() });
    await registry.setAlias({ alias: 'candidate', model: models.second.ref, ...by() });
    const before = registry.history();
    await expect(registry.promote({ ...by(), gate: () => 'WER 0.31 against 0.22' })).rejects.toMatchObject({ code: 'promotion-refused', message: 'WER 0.31 against 0.22' });
    expect(registry.alias('default').model).toEqual(identityOf(models.first));
    expect(registry.alias('candidate').model).toEqual(identityOf(models.second));
    expect(registry.history()).toEqual(before);
  });

  it('refuses to promote without a candidate', async () => {
    await expect(registry.promote(by())).rejects.toMatchObject({ code: 'no-candidate' });
  });

  it("promotes within a project: the deployment's candidate becomes the project's default", async () => {
    const projectId = test.addProject();
    await registry.setAlias({ alias: 'default', model: models.first.ref, ...by() });
    await registry.setAlias({ alias: 'candidate', model: models.second.ref, ...by() });
    await registry.promote({ projectId, ...by() });
    expect(registry.alias('default', projectId).model).toEqual(identityOf(models.second));
    expect(registry.alias('default').model).toEqual(identityOf(models.first));
    expect(registry.history(projectId).map((e) => [e.alias, e.action])).toEqual([['default', 'promote']]);
    // the deployment's candidate stays a candidate for the other projects
    expect(registry.alias('candidate').model).toEqual(identityOf(models.second));
  });

  it('rolls back to where the last move came from, and walks further back on each rollback', async () => {
    await registry.setAlias({ alias: 'candidate', model: models.first.ref, ...by() });
    await registry.setAlias({ alias: 'candidate', model: models.second.ref, ...by() });
    await registry.setAlias({ alias: 'candidate', model: models.first.ref, ...by() });
    expect((await registry.rollback({ alias: 'candidate', ...by() })).model).toEqual(identityOf(models.second));
    expect((await registry.rollback({ alias: 'candidate', ...by() })).model).toEqual(identityOf(models.first));
    // past the first set: the candidate is cleared
    expect((await registry.rollback({ alias: 'candidate', ...by() })).model).toBeNull();
    await expect(registry.rollback({ alias: 'candidate', ...by() })).rejects.toMatchObject({ code: 'nothing-to-roll-back' });
    expect(registry.history().map((e) => [e.action, e.from?.sha256 ?? null, e.to?.sha256 ?? null])).toEqual([
      ['rollback', models.first.sha256, null],
      ['rollback', models.second.sha256, models.first.sha256],
      ['rollback', models.first.sha256, models.second.sha256],
      ['set', models.second.sha256, models.first.sha256],
      ['set', models.first.sha256, models.second.sha256],
      ['set', null, models.first.sha256],
    ]);
  });

  it('rolls a promotion back in one action, and never clears the deployment default', async () => {
    await registry.setAlias({ alias: 'default', model: models.first.ref, ...by() });
    await registry.setAlias({ alias: 'candidate', model: models.second.ref, ...by() });
    await registry.promote(by());
    expect((await registry.rollback({ alias: 'default', ...by() })).model).toEqual(identityOf(models.first));
    await expect(registry.rollback({ alias: 'default', ...by() })).rejects.toMatchObject({ code: 'nothing-to-roll-back', message: expect.stringMatching(/no earlier model/) });
    expect(registry.alias('default').model).toEqual(identityOf(models.first));
  });

  it("rolls a project's override back to none, so the project follows the deployment again", async () => {
    const projectId = test.addProject();
    await registry.setAlias({ alias: 'default', model: models.first.ref, ...by() });
    await registry.setAlias({ alias: 'default', projectId, model: models.second.ref, ...by() });
    expect((await registry.rollback({ alias: 'default', projectId, ...by() })).model).toBeNull();
    expect((await registry.resolve(projectId)).sha256).toBe(models.first.sha256);
    // the deployment's history is its own
    expect(registry.history().map((e) => e.action)).toEqual(['set']);
    expect(registry.history(projectId).map((e) => e.action)).toEqual(['rollback', 'set']);
  });

  it("drops a project's aliases and their history with the project", async () => {
    const projectId = test.addProject();
    await registry.setAlias({ alias: 'default', projectId, model: models.second.ref, ...by() });
    test.db.prepare('DELETE FROM projects WHERE id = ?').run(projectId);
    expect(registry.alias('default', projectId).model).toBeNull();
    expect(registry.history(projectId)).toEqual([]);
  });
});

describe('ModelRegistry usage and removal', () => {
  it('names the aliases and the queued or running jobs that use a model', async () => {
    const projectId = test.addProject();
    const queue = new JobQueue(test.db);
    try {
      expect(registry.usage(models.second)).toBeUndefined();
      await registry.setAlias({ alias: 'candidate', model: models.second.ref, ...by() });
      await registry.setAlias({ alias: 'default', projectId, model: models.second.ref, ...by() });
      expect(registry.usage(models.second)).toBe(`${models.second.ref} is in use by the candidate alias, the default alias of project ${projectId}.`);
      await registry.setAlias({ alias: 'candidate', model: null, ...by() });
      await registry.setAlias({ alias: 'default', projectId, model: null, ...by() });
      // a queued job that names it
      const named = queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: crypto.randomUUID(), model: models.second.ref } });
      expect(registry.usage(models.second)).toBe(`${models.second.ref} is in use by queued job ${named.id}.`);
      queue.cancel(named.id);
      // a running job that started on it (resolved through an alias since moved)
      queue.enqueue({ projectId, kind: 'transcribe', payload: { mediaId: crypto.randomUUID() } });
      const running = queue.claim('worker', 30_000)!;
      registry.recordJobModel(running.id, identityOf(models.second));
      expect(registry.usage(models.second)).toBe(`${models.second.ref} is in use by running job ${running.id}.`);
      expect(registry.jobModel(running.id)).toEqual(identityOf(models.second));
    } finally {
      queue.dispose();
    }
  });

  it('refuses to remove a model in use, naming what uses it, and keeps it installed', async () => {
    await registry.setAlias({ alias: 'default', model: models.second.ref, ...by() });
    await expect(registry.remove(models.second.ref)).rejects.toMatchObject({ code: 'model-in-use', message: expect.stringContaining('the default alias') });
    expect(await models.store.get(models.second.ref)).toBeDefined();
    await expect(registry.remove('missing@1')).rejects.toMatchObject({ code: 'model-not-found' });
  });
});
