// The sandbox against a hostile plugin: every attack an independent review made with a worker-thread "sandbox"
// (read /etc/passwd and /proc/self/environ, open the server's SQLite database, run `id`, spawn a detached process,
// call the server over HTTP, write files, grow the server's memory with Buffers, kill the server) and the usual
// escapes from a JavaScript sandbox. Each must fail, with the host process untouched.
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PluginWord } from '@verbatim/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from './discoverPlugins.ts';
import type { PluginDescription, PluginProblem } from './PluginDescription.ts';
import { PluginHost } from './PluginHost.ts';
import { createPluginFixtures, pluginPackage } from '../test/testPlugins.ts';

const fx = createPluginFixtures('vb-sandbox-');
const secretDir = mkdtempSync(join(tmpdir(), 'vb-secret-'));
const secretJson = join(secretDir, 'secrets.json');
const written = join(secretDir, 'written-by-plugin.txt');
const cmd = (id: string) => ({ commands: [{ id: `${id}.run`, title: 'Run' }] });
let probeHits = 0;
const probe = createServer((_req, res) => {
  probeHits++;
  res.end('ok');
});

/** Static imports the bundler must refuse: each plugin's activate would do the attack in the comment. */
const refusedImports: Record<string, { source: string; deps?: Record<string, string>; reason: RegExp }> = {
  // read /etc/passwd, write files
  fsimport: { source: `import { readFileSync } from 'node:fs'; export default { activate() { readFileSync('/etc/passwd'); } };`, reason: /"node:fs" is a Node built-in module/ },
  // run `id`, start a detached process
  childproc: { source: `import { execSync, spawn } from 'child_process'; export default { activate() { execSync('id'); spawn('sleep', ['60'], { detached: true }); } };`, reason: /"child_process" is a Node built-in module/ },
  // call the server over HTTP
  httpimport: { source: `import http from 'node:http'; export default { activate() { http.get('http://127.0.0.1:8080/api/users'); } };`, reason: /"node:http" is a Node built-in module/ },
  // open the server's database with the server's own driver (it is in node_modules, and the plugin may even declare it)
  sqlite: { source: `import Database from 'better-sqlite3'; export default { activate() { new Database('verbatim.db'); } };`, deps: { 'better-sqlite3': '*' }, reason: /Node built-in module|outside the plugin's package/ },
  // read a file of the host into the bundle by importing it
  abspath: { source: `import secrets from ${JSON.stringify(secretJson)}; export default { activate(ctx) { ctx.log.info(JSON.stringify(secrets)); } };`, reason: /outside the plugin's package/ },
  environ: { source: `import env from '/proc/self/environ'; export default { activate() {} };`, reason: /outside the plugin's package|not JavaScript/ },
  escape: { source: `import x from '../../../../../../etc/hostname'; export default { activate() {} };`, reason: /outside the plugin's package|not JavaScript/ },
  testing: { source: `import { runPostProcessor } from '@verbatim/plugin-sdk/testing'; export default { activate() {} };`, reason: /is for tests and tools/ },
};

/** Attacks made at run time, with no import to refuse: each command returns what it got. */
const runtimeAttacks: Record<string, string> = {
  globals: `() => ['process', 'require', 'module', 'Buffer', 'fetch', 'XMLHttpRequest', 'WebSocket', 'WebAssembly', 'Deno', 'Bun', 'setImmediate'].filter((n) => typeof globalThis[n] !== 'undefined')`,
  functionctor: `() => { const f = (() => {}).constructor.constructor('return this')(); return [typeof f.process, typeof f.require]; }`,
  errorstack: `() => { let leaked; const prev = Error.prepareStackTrace; Error.prepareStackTrace = (e, frames) => { leaked = frames.map((fr) => { try { const t = fr.getThis(); return t && typeof t.process; } catch { return 'x'; } }); return ''; }; new Error().stack; Error.prepareStackTrace = prev; return String(leaked && leaked.filter((t) => t === 'object').length); }`,
  dynamicimport: `async () => { try { await import(['node', 'fs'].join(':')); return 'imported'; } catch (e) { return 'refused: ' + e.message; } }`,
  kill: `() => { process.kill(process.pid, 'SIGKILL'); }`,
  environ: `() => globalThis.process?.env ?? 'no env'`,
  timer: `() => new Promise((resolve) => setTimeout(() => resolve('timer ran'), 10))`,
};

// Grows memory with array buffers (the attack used Buffers): 1.5 GiB in 64 MiB pieces, holding on to them.
const hogSource = `const held = [];
export default { activate(ctx) { ctx.commands.register('buffers.run', () => {
  let got = 0;
  try { for (let i = 0; i < 24; i++) { const b = new ArrayBuffer(64 * 1024 * 1024); new Uint8Array(b).fill(1); held.push(b); got++; } } catch (e) { return { got, error: String(e.message) }; }
  return { got };
}); } };`;

let plugins: PluginDescription[];
let discoveryProblems: PluginProblem[];

beforeAll(async () => {
  writeFileSync(secretJson, JSON.stringify({ password: 'hunter2' }));
  await new Promise<void>((res) => probe.listen(0, '127.0.0.1', res));
  // installed beside the plugins, as it is beside the server
  symlinkSync(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), join(fx.root, 'node_modules', 'better-sqlite3'), 'dir');
  for (const [id, p] of Object.entries(refusedImports)) {
    fx.write(id, pluginPackage(id, cmd(id), p.deps ? { dependencies: p.deps } : {}), { 'index.js': p.source });
  }
  const port = (probe.address() as { port: number }).port;
  const sources = Object.entries(runtimeAttacks).map(([name, fn]) => `ctx.commands.register('attack.${name}', ${fn});`);
  sources.push(`ctx.commands.register('attack.http', async () => { try { await fetch('http://127.0.0.1:${port}/'); return 'fetched'; } catch (e) { return 'refused'; } });`);
  fx.write('attack', pluginPackage('attack', { commands: [...Object.keys(runtimeAttacks), 'http'].map((n) => ({ id: `attack.${n}`, title: n })) }), {
    'index.js': `export default { activate(ctx) {\n${sources.join('\n')}\n} };`,
  });
  fx.write('buffers', pluginPackage('buffers', cmd('buffers')), { 'index.js': hogSource });
  const found = await discoverPlugins({ dirs: [fx.pluginsDir] });
  plugins = found.plugins;
  discoveryProblems = found.problems;
});
afterAll(async () => {
  await new Promise((res) => probe.close(res));
  fx.remove();
  rmSync(secretDir, { recursive: true, force: true });
});

function newHost(options: Partial<ConstructorParameters<typeof PluginHost>[0]> = {}) {
  const problems: PluginProblem[] = [];
  const host = new PluginHost({ plugins, callTimeoutMs: 20_000, activationTimeoutMs: 20_000, onProblem: (p) => problems.push(p), onLog: () => {}, ...options });
  return { host, problems };
}

describe('the plugin sandbox', () => {
  it('discovers the hostile plugins like any other (discovery runs no plugin code)', () => {
    expect(discoveryProblems).toEqual([]);
    expect(plugins.map((p) => p.id)).toContain('fsimport');
  });

  it.each(Object.entries(refusedImports))('refuses to load %s: its import reaches outside the sandbox', async (id, { reason }) => {
    const { host } = newHost();
    try {
      const error = await host.command(id, `${id}.run`).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid-plugin', pluginId: id });
      expect((error as Error).message).toMatch(/^Plugin "\w+" could not be loaded from .*index\.js: /);
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).message).not.toMatch(/hunter2/);
    } finally {
      await host.dispose();
    }
  });

  it('gives plugin code no Node globals, no host objects, no module loading and no network', async () => {
    const { host } = newHost();
    try {
      expect(await host.command('attack', 'attack.globals')).toEqual(['setImmediate'].filter(() => false));
      expect(await host.command('attack', 'attack.functionctor')).toEqual(['undefined', 'undefined']);
      expect(await host.command('attack', 'attack.errorstack')).toBe('0');
      expect(await host.command('attack', 'attack.dynamicimport')).toMatch(/^refused: /);
      expect(await host.command('attack', 'attack.environ')).toBe('no env');
      await expect(host.command('attack', 'attack.kill')).rejects.toMatchObject({ code: 'threw', message: expect.stringMatching(/process is not defined/) });
      expect(await host.command('attack', 'attack.http')).toBe('refused');
      expect(probeHits).toBe(0);
      expect(await host.command('attack', 'attack.timer')).toBe('timer ran'); // what a plugin may use still works
      expect(existsSync(written)).toBe(false);
      expect(process.exitCode ?? 0).toBe(0); // and the host process is alive to say so
    } finally {
      await host.dispose();
    }
  });

  it("caps a plugin's memory outside the host: 1.5 GiB of array buffers stop at the limit and the host's RSS stays put", async () => {
    const { host } = newHost({ memoryLimitMb: 128 });
    const before = process.memoryUsage().rss;
    try {
      const outcome = await host.command('buffers', 'buffers.run').then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if ('value' in outcome) {
        // the allocation failed inside the isolate and the plugin caught it: it got at most a few pieces
        const { got } = outcome.value as { got: number };
        expect(got * 64).toBeLessThanOrEqual(3 * 128);
      } else {
        expect(outcome.error).toMatchObject({ code: 'out-of-memory', pluginId: 'buffers' });
      }
      expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await host.dispose();
    }
  }, 60_000);

  it('runs each plugin in its own process, which ends with the host', async () => {
    const { host } = newHost();
    await host.command('attack', 'attack.timer');
    expect(host.running).toEqual(['attack']);
    await host.dispose();
    expect(host.running).toEqual([]);
  });
});
