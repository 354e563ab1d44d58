import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../test/testServer.ts';
import type { Logger } from '../http/Logger.ts';
import { loadServerPlugins, type PluginSettings } from './loadServerPlugins.ts';
import { appendingPlugin, createTestPluginDir, testPluginPackage, type TestPluginDir } from '../../test/pluginTestFixtures.ts';

let fixtures: TestPluginDir;
const logs: LogRecord[] = [];
const logger: Logger = {
  info: (fields, message) => void logs.push({ level: 'info', fields, message }),
  warn: (fields, message) => void logs.push({ level: 'warn', fields, message }),
  error: (fields, message) => void logs.push({ level: 'error', fields, message }),
};
const settings = (dirs: string[]): PluginSettings => ({ pluginDirs: dirs, plugins: [], pluginTimeoutMs: 1000, pluginMemoryMb: 64 });

beforeEach(() => {
  fixtures = createTestPluginDir();
  logs.length = 0;
});
afterEach(() => fixtures.remove());

describe('loadServerPlugins', () => {
  it('catalogs valid plugins with their vocabulary sizes and warns about each refused one, naming it', async () => {
    fixtures.write('tag', testPluginPackage('tag', '1.0.0', { vocabularies: [{ id: 'tag.words', title: 'Words', path: 'words.json' }], postProcessors: [{ id: 'tag.append', title: 'Append' }] }), {
      'index.js': appendingPlugin('tag.append', 'tagged'),
      'words.json': JSON.stringify([{ phrase: 'alpha' }, { phrase: 'beta' }, { phrase: 'gamma' }]),
    });
    // needs a plugin API this server does not provide
    fixtures.write('future', testPluginPackage('future', '1.0.0', {}, { engines: { verbatim: '^2.0.0' } }), { 'index.js': 'export default { activate() {} };' });
    const plugins = await loadServerPlugins(settings([fixtures.dir, join(fixtures.dir, 'missing')]), { logger });
    try {
      expect(plugins.installed.map((p) => p.id)).toEqual(['tag']);
      expect(plugins.get('tag')?.version).toBe('1.0.0');
      expect(plugins.get('future')).toBeUndefined();
      expect(plugins.entryCount('tag.words')).toBe(3);
      expect(plugins.problems.map((p) => p.pluginId ?? p.where)).toEqual([join(fixtures.dir, 'missing'), 'future']);
      const warned = logs.filter((log) => log.level === 'warn');
      expect(warned.map((log) => log.message)).toEqual(plugins.problems.map((p) => p.message));
      expect(warned[1]!.message).toMatch(/Plugin "future"/);
      expect(warned[1]!.fields).toMatchObject({ pluginId: 'future' });

      const out = await plugins.host.postProcess(['tag'], [{ text: 'hello', start: 0, end: 1, confidence: 0.9 }]);
      expect(out.words.map((w) => [w.text, w.origin])).toEqual([['hello', undefined], ['tagged', 'plugin:tag']]);
      expect(plugins.host.running).toEqual(['tag']);
    } finally {
      await plugins.dispose();
    }
    expect(plugins.host.running).toEqual([]);
    await plugins.dispose();
  });

  it('finds plugins named as packages, resolved from the given directory, and names a missing one', async () => {
    const plugins = await loadServerPlugins({ ...settings([]), plugins: ['@verbatim-plugins/ruby', '@acme/not-installed'] }, { logger, resolveFrom: import.meta.dirname });
    expect(plugins.installed.map((p) => p.id)).toEqual(['ruby']);
    expect(plugins.problems).toEqual([expect.objectContaining({ where: '@acme/not-installed', message: expect.stringContaining('@acme/not-installed is not installed') })]);
    await plugins.dispose();
  });

  it('leaves the server without plugins, never throwing, when a plugin directory is not one', async () => {
    const file = join(fixtures.dir, 'a-file');
    mkdirSync(join(fixtures.dir, 'empty'));
    writeFileSync(file, 'not a directory');
    const plugins = await loadServerPlugins(settings([file, join(fixtures.dir, 'empty')]), { logger });
    expect(plugins.installed).toEqual([]);
    expect(plugins.problems).toHaveLength(1);
    expect(logs.filter((log) => log.level === 'warn')).toHaveLength(1);
    await plugins.dispose();
  });
});
