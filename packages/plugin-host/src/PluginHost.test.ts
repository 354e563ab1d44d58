import type { PluginWord } from '@verbatim/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from './discoverPlugins.ts';
import type { PluginDescription, PluginProblem } from './PluginDescription.ts';
import { PluginError } from './PluginError.ts';
import { PluginHost } from './PluginHost.ts';
import { createPluginFixtures, pluginPackage, rewritePlugin } from '../test/testPlugins.ts';

const fx = createPluginFixtures();
const pp = (id: string, ...names: string[]) => ({ postProcessors: names.map((n) => ({ id: `${id}.${n}`, title: n })) });

// A plugin with every kind of contribution; it counts calls per sandbox and logs when deactivated.
const goodSource = `
import { createWordEditor, definePlugin, matchPhrase } from '@verbatim/plugin-sdk';
let pings = 0;
let log;
export default definePlugin({
  activate(ctx) {
    log = ctx.log;
    ctx.log.info('activated');
    ctx.subscriptions.push(
      ctx.vocabularies.register('good.units', () => [{ phrase: 'milligram', boost: 2 }, { phrase: 'microgram' }]),
      ctx.postProcessors.register('good.dose', (words) => {
        const editor = createWordEditor(words);
        for (let i = 0; i < words.length; i++) {
          if (matchPhrase(words, i, ['five', 'milligrams'])) editor.replace(i, i + 2, ['5', 'mg']);
        }
        return editor.result();
      }),
      ctx.postProcessors.register('good.shout', (words) => {
        const editor = createWordEditor(words);
        words.forEach((w, i) => { if (w.text === 'mg') editor.replace(i, i + 1, ['MG']); });
        return editor.result();
      }),
      ctx.commands.register('good.ping', (args) => ({ pong: args, pings: ++pings })),
      ctx.commands.register('good.env', () => [typeof process, typeof globalThis.require, typeof fetch, typeof Buffer]),
      ctx.commands.register('good.fn', () => () => 1),
    );
  },
  deactivate() {
    return new Promise((resolve) => setTimeout(() => { log.info('bye'); resolve(); }, 50));
  },
});`;

const misbehaving: Record<string, { contributes: Record<string, unknown>; source: string }> = {
  throwsinactivate: { contributes: pp('throwsinactivate', 'x'), source: `export default { activate() { throw new Error('no licence key'); } };` },
  hangs: {
    contributes: { ...pp('hangs', 'loop'), commands: [{ id: 'hangs.ping', title: 'Ping' }] },
    source: `let pings = 0; export default { activate(ctx) {
      ctx.postProcessors.register('hangs.loop', () => { ctx.log.info('looping'); while (true) {} });
      ctx.commands.register('hangs.ping', () => ++pings);
    } };`,
  },
  hogs: {
    contributes: pp('hogs', 'grow'),
    source: `export default { activate(ctx) { ctx.postProcessors.register('hogs.grow', () => {
      const hoard = []; for (;;) hoard.push(new Array(100000).fill({ n: hoard.length }));
    }); } };`,
  },
  malformed: {
    contributes: pp('malformed', 'nan'),
    source: `export default { activate(ctx) { ctx.postProcessors.register('malformed.nan', (words) => ({
      words: words.map((w) => ({ ...w, text: 42, start: Number.NaN })), changes: [{ from: 0, fromEnd: 9, to: 0, toEnd: 1, before: '', after: '' }],
    })); } };`,
  },
  exits: { contributes: pp('exits', 'bye'), source: `export default { activate(ctx) { ctx.postProcessors.register('exits.bye', () => process.exit(3)); } };` },
  lazy: { contributes: { ...pp('lazy', 'declared'), vocabularies: [{ id: 'lazy.v', title: 'V' }] }, source: `export default { activate(ctx) { ctx.vocabularies.register('lazy.v', () => [{ phrase: '' }]); } };` },
  noexport: { contributes: pp('noexport', 'x'), source: `export const nothing = 1;` },
  slowstart: { contributes: pp('slowstart', 'x'), source: `export default { activate() { return new Promise(() => {}); } };` },
  badbye: {
    contributes: { commands: [{ id: 'badbye.hi', title: 'Hi' }] },
    source: `export default { activate(ctx) { ctx.commands.register('badbye.hi', () => 'hi'); }, deactivate() { throw new Error('cannot let go'); } };`,
  },
  timebomb: {
    contributes: { commands: [{ id: 'timebomb.arm', title: 'Arm' }] },
    source: `export default { activate(ctx) { ctx.commands.register('timebomb.arm', () => { setTimeout(() => { throw new Error('boom later'); }, 20); return 'armed'; }); } };`,
  },
};

let plugins: PluginDescription[];
const words = (text: string): PluginWord[] => text.split(' ').map((t, i) => ({ text: t, start: i * 0.5, end: i * 0.5 + 0.4, confidence: 0.9 - i * 0.1 }));

beforeAll(async () => {
  fx.write('good', pluginPackage('good', {
    vocabularies: [
      { id: 'good.terms', title: 'Terms', path: 'terms.json', domainText: 'sentences.txt' },
      { id: 'good.units', title: 'Units' },
    ],
    ...pp('good', 'dose', 'shout'),
    commands: ['ping', 'env', 'fn'].map((n) => ({ id: `good.${n}`, title: n })),
  }), { 'index.js': goodSource, 'terms.json': '[{"phrase":"metformin","soundsLike":["met forming"]}]', 'sentences.txt': 'take five\r\nmilligrams\u0007 daily\n' });
  // run in id order whatever order they are asked in: alpha turns "a" into "b", beta turns "b" into "c"
  fx.write('alpha', pluginPackage('alpha', pp('alpha', 'ab')), { 'index.js': rewritePlugin('alpha', 'ab', 'a', 'b') });
  fx.write('beta', pluginPackage('beta', pp('beta', 'bc')), { 'index.js': rewritePlugin('beta', 'bc', 'b', 'c') });
  for (const [id, p] of Object.entries(misbehaving)) fx.write(id, pluginPackage(id, p.contributes), { 'index.js': p.source });
  const found = await discoverPlugins({ dirs: [fx.pluginsDir] });
  expect(found.problems).toEqual([]);
  plugins = found.plugins;
});
afterAll(() => fx.remove());

function newHost(options: Partial<ConstructorParameters<typeof PluginHost>[0]> = {}) {
  const problems: PluginProblem[] = [];
  const logs: string[] = [];
  const checks = new Set<() => void>();
  const heard = () => checks.forEach((check) => check());
  /** Resolves once `ready()` holds, checked as each problem and log line arrives from the sandboxes. */
  const until = (ready: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!ready()) return;
        checks.delete(check);
        resolve();
      };
      checks.add(check);
      check();
    });
  const host = new PluginHost({
    plugins,
    callTimeoutMs: 3000,
    activationTimeoutMs: 5000,
    onProblem: (p) => void (problems.push(p), heard()),
    onLog: (id, level, message) => void (logs.push(`${id} ${level} ${message}`), heard()),
    ...options,
  });
  return { host, problems, logs, until };
}

describe('PluginHost with well-behaved plugins', () => {
  let host: PluginHost;
  let logs: string[];
  beforeAll(() => void ({ host, logs } = newHost()));
  afterAll(() => host.dispose());

  it('lists plugins without starting any', () => {
    expect(host.list().map((p) => p.id)).toEqual(['alpha', 'badbye', 'beta', 'exits', 'good', 'hangs', 'hogs', 'lazy', 'malformed', 'noexport', 'slowstart', 'throwsinactivate', 'timebomb']);
    expect(host.running).toEqual([]);
  });

  it('serves static vocabularies without activating, and computed ones from the sandbox', async () => {
    const [terms, units] = await host.vocabularies(['good']);
    expect(terms).toEqual({ pluginId: 'good', version: '1.0.0', id: 'good.terms', entries: [{ phrase: 'metformin', soundsLike: ['met forming'] }], domainText: 'take five\nmilligrams daily\n' });
    expect(units).toEqual({ pluginId: 'good', version: '1.0.0', id: 'good.units', entries: [{ phrase: 'milligram', boost: 2 }, { phrase: 'microgram' }] });
    expect(host.running).toEqual(['good']);
    expect(logs).toEqual(['good info activated']);
  });

  it('post-processes in manifest order, marks changed words and attributes changes', async () => {
    const input = words('take five milligrams daily');
    const out = await host.postProcess(['good'], input, { language: 'en' });
    expect(out.words).toEqual([
      input[0],
      { text: '5', start: 0.5, end: 0.95, confidence: 0.7, origin: 'plugin:good' },
      { text: 'MG', start: 0.95, end: 1.4, confidence: 0.7, origin: 'plugin:good' },
      input[3],
    ]);
    expect(out.changes).toEqual([
      { from: 1, fromEnd: 3, to: 1, toEnd: 3, before: 'five milligrams', after: '5 mg', pluginId: 'good', processorId: 'good.dose' },
      { from: 2, fromEnd: 3, to: 2, toEnd: 3, before: 'mg', after: 'MG', pluginId: 'good', processorId: 'good.shout' },
    ]);
    expect(out.applied).toEqual([{ id: 'good', version: '1.0.0' }]);
    expect(out.problems).toEqual([]);
    expect(input[1]!.text).toBe('five');
  });

  it('runs plugins in id order whatever order they are asked in', async () => {
    const out = await host.postProcess(['beta', 'alpha', 'beta'], words('a b a'));
    expect(out.words.map((w) => w.text)).toEqual(['c', 'c', 'c']);
    expect(out.applied.map((a) => a.id)).toEqual(['alpha', 'beta']);
    expect(out.changes.map((c) => [c.pluginId, c.from, c.before, c.after])).toEqual([
      ['alpha', 0, 'a', 'b'],
      ['alpha', 2, 'a', 'b'],
      ['beta', 0, 'b', 'c'],
      ['beta', 1, 'b', 'c'],
      ['beta', 2, 'b', 'c'],
    ]);
  });

  it('runs commands with plain data and refuses undeclared ones and non-plain results', async () => {
    expect(await host.command('good', 'good.ping', { n: [1, 2] })).toEqual({ pong: { n: [1, 2] }, pings: 1 });
    await expect(host.command('good', 'good.nope')).rejects.toMatchObject({ code: 'unknown-contribution', pluginId: 'good' });
    await expect(host.command('nobody', 'nobody.x')).rejects.toMatchObject({ code: 'unknown-plugin', pluginId: 'nobody' });
    await expect(host.command('good', 'good.fn')).rejects.toMatchObject({ code: 'invalid-result', message: expect.stringMatching(/not plain data/) });
    expect(await host.command('good', 'good.ping')).toMatchObject({ pings: 2 }); // same worker: the failure above was the call's alone
  });

  it("does not hand the server's environment, modules or network to plugins", async () => {
    process.env['VERBATIM_TEST_SECRET'] = 'hunter2';
    expect(await host.command('good', 'good.env')).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('refuses malformed input words', async () => {
    await expect(host.postProcess(['good'], [{ text: 'x', start: 1, end: 0, confidence: 1 }])).rejects.toThrow(/input words are malformed/);
  });
});

describe('PluginHost with misbehaving plugins', () => {
  it('reports a plugin that throws in activate, and still runs the others', async () => {
    const { host, problems } = newHost();
    try {
      const out = await host.postProcess(['throwsinactivate', 'alpha'], words('a'), { onError: 'skip' });
      expect(out.words.map((w) => w.text)).toEqual(['b']);
      expect(out.applied.map((a) => a.id)).toEqual(['alpha']);
      expect(out.problems).toEqual([{ pluginId: 'throwsinactivate', where: 'throwsinactivate', code: 'threw', message: 'Plugin "throwsinactivate" threw in activate: no licence key' }]);
      expect(problems).toEqual(out.problems);
      const err = await host.postProcess(['throwsinactivate'], words('a'), { onError: 'fail' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PluginError);
      expect(err).toMatchObject({ code: 'threw', pluginId: 'throwsinactivate' });
    } finally {
      await host.dispose();
    }
  });

  it('stops a plugin that hangs, reports a timeout, and starts a fresh sandbox for its next call', async () => {
    const { host } = newHost({ callTimeoutMs: 600 });
    try {
      expect(await host.command('hangs', 'hangs.ping')).toBe(1);
      expect(await host.command('hangs', 'hangs.ping')).toBe(2);
      const started = performance.now();
      const out = await host.postProcess(['alpha', 'hangs'], words('a b'), { onError: 'skip' });
      expect(performance.now() - started).toBeLessThan(4000);
      expect(out.problems).toEqual([{ pluginId: 'hangs', where: 'hangs.loop', code: 'timeout', message: 'Plugin "hangs" post-processor "hangs.loop" did not finish within 600 ms; its sandbox was stopped' }]);
      expect(out.words.map((w) => w.text)).toEqual(['b', 'b']);
      expect(host.running).toEqual(['alpha']);
      expect(await host.command('hangs', 'hangs.ping')).toBe(1); // a new worker
      await expect(host.postProcess(['hangs'], words('a'), { onError: 'fail' })).rejects.toMatchObject({ code: 'timeout', pluginId: 'hangs' });
      expect((await host.postProcess(['alpha'], words('a'))).words[0]!.text).toBe('b');
    } finally {
      await host.dispose();
    }
  });

  it('stops a plugin that allocates without bound at its memory limit', async () => {
    const { host } = newHost({ memoryLimitMb: 48, callTimeoutMs: 60_000 });
    try {
      const out = await host.postProcess(['hogs', 'alpha'], words('a'));
      expect(out.problems).toEqual([{ pluginId: 'hogs', where: 'hogs', code: 'out-of-memory', message: 'Plugin "hogs" ran out of memory (limit 48 MB) and was stopped' }]);
      expect(out.words.map((w) => w.text)).toEqual(['b']);
      expect(out.applied.map((a) => a.id)).toEqual(['alpha']);
    } finally {
      await host.dispose();
    }
  }, 90_000);

  it('refuses malformed words, listing what is wrong', async () => {
    const { host } = newHost();
    try {
      const input = words('a b');
      const out = await host.postProcess(['malformed'], input);
      expect(out.words).toEqual(input);
      const [p] = out.problems;
      expect(p).toMatchObject({ pluginId: 'malformed', where: 'malformed.nan', code: 'invalid-result' });
      expect(p!.message).toMatch(/^Plugin "malformed" post-processor "malformed\.nan" returned an invalid result: words\[0\] text must be a string, got number; words\[1\] text must be a string/);
      const err = (await host.postProcess(['malformed'], input, { onError: 'fail' }).catch((e: unknown) => e)) as PluginError;
      expect(err.problems.length).toBeGreaterThanOrEqual(3);
      expect(err.problems.join('\n')).toMatch(/changes\[0\] \[from, fromEnd\) = \[0, 9\) is out of range/);
    } finally {
      await host.dispose();
    }
  });

  it('reports a plugin that tries to exit, a declared contribution never registered, an entry without a plugin, a stuck activation', async () => {
    const { host } = newHost({ activationTimeoutMs: 2000 });
    try {
      const out = await host.postProcess(['exits', 'lazy', 'noexport', 'slowstart', 'alpha'], words('a'));
      expect(out.problems.map((p) => [p.pluginId, p.code])).toEqual([
        ['exits', 'threw'],
        ['lazy', 'not-registered'],
        ['noexport', 'invalid-plugin'],
        ['slowstart', 'timeout'],
      ]);
      expect(out.problems[0]!.message).toBe('Plugin "exits" threw in post-processor "exits.bye": process is not defined');
      expect(out.problems[1]!.message).toBe('Plugin "lazy" post-processor "lazy.declared" was not registered in activate');
      expect(out.problems[2]!.message).toMatch(/^Plugin "noexport" could not be loaded from .*index\.js: .*exports no plugin/);
      expect(out.problems[3]!.message).toBe('Plugin "slowstart" did not finish activating within 2000 ms; its sandbox was stopped');
      expect(out.applied.map((a) => a.id)).toEqual(['alpha']);
      await expect(host.vocabularies(['lazy'])).rejects.toMatchObject({ code: 'invalid-vocabulary', message: expect.stringMatching(/^Plugin "lazy" computed an invalid vocabulary "lazy\.v": entry 0 "": phrase must be non-empty text/) });
      expect(await host.vocabularies(['lazy', 'nobody', 'good'], { onError: 'skip' })).toHaveLength(2);
      expect(host.running.sort()).toEqual(['alpha', 'exits', 'good', 'lazy']); // a throw fails the call, not the sandbox
    } finally {
      await host.dispose();
    }
  });

  it('reports a sandbox that dies between calls', async () => {
    const { host, problems, until } = newHost();
    try {
      expect(await host.command('timebomb', 'timebomb.arm')).toBe('armed');
      await until(() => problems.length > 0);
      expect(problems).toEqual([{ pluginId: 'timebomb', where: expect.stringMatching(/timebomb$/), code: 'crashed', message: 'Plugin "timebomb" crashed: boom later' }]);
      expect(host.running).toEqual([]);
      expect(await host.command('timebomb', 'timebomb.arm')).toBe('armed');
    } finally {
      await host.dispose();
    }
  });

  it('rejects at once when the signal aborts, stopping the stuck sandbox', async () => {
    const { host, logs, until } = newHost({ callTimeoutMs: 60_000 });
    try {
      const ac = new AbortController();
      const started = performance.now();
      const run = host.postProcess(['hangs'], words('a'), { signal: ac.signal, onError: 'skip' });
      const queued = host.command('hangs', 'hangs.ping', undefined, { signal: ac.signal });
      // abort once the sandbox (a real child process) is inside the endless loop
      await until(() => logs.includes('hangs info looping'));
      ac.abort();
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
      expect(performance.now() - started).toBeLessThan(5000); // the call limit is a minute
      expect(host.running).toEqual([]);
      expect(await host.command('hangs', 'hangs.ping')).toBe(1);
      await expect(host.postProcess(['alpha'], words('a'), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await host.dispose();
    }
  });
});

describe('PluginHost.dispose', () => {
  it('deactivates every running plugin, kills its sandbox and refuses later calls', async () => {
    const { host, logs, until } = newHost({ callTimeoutMs: 60_000, deactivationTimeoutMs: 500 });
    await host.postProcess(['good'], words('five milligrams'));
    const stuck = host.postProcess(['hangs'], words('a'), { onError: 'skip' }).catch((e: unknown) => e);
    await until(() => logs.includes('hangs info looping'));
    const started = performance.now();
    await host.dispose();
    expect(performance.now() - started).toBeLessThan(4000); // the stuck plugin gets its 500 ms, then is terminated
    expect(logs).toContain('good info bye'); // deactivate ran, timer and all
    expect(await stuck).toMatchObject({ code: 'disposed', pluginId: 'hangs' });
    expect(host.running).toEqual([]);
    await expect(host.postProcess(['good'], words('a'))).rejects.toMatchObject({ code: 'disposed' });
    await expect(host.command('good', 'good.ping')).rejects.toMatchObject({ code: 'disposed' });
  });

  it('reports a plugin whose deactivate throws', async () => {
    const { host, problems } = newHost();
    expect(await host.command('badbye', 'badbye.hi')).toBe('hi');
    await host.dispose();
    expect(problems).toEqual([{ pluginId: 'badbye', where: 'deactivate', code: 'threw', message: 'Plugin "badbye" threw in deactivate: cannot let go' }]);
  });

  it('refuses plugins given twice and bad limits', () => {
    expect(() => new PluginHost({ plugins: [plugins[0]!, plugins[0]!] })).toThrow(/given twice/);
    expect(() => new PluginHost({ plugins, callTimeoutMs: 0 })).toThrow(RangeError);
  });
});
