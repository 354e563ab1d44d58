// Test fixtures: real plugin packages written into a temporary plugin directory. Their code is plain JavaScript
// (no SDK import), so they load from anywhere the way an installed, built plugin does.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary plugin directory (for `pluginDirs`). */
export interface TestPluginDir {
  readonly dir: string;
  /** Writes a plugin package folder `name` from its package.json and files; returns the folder. */
  write(name: string, pkg: Record<string, unknown>, files?: Record<string, string>): string;
  remove(): void;
}

export function createTestPluginDir(prefix = 'vwb-plugins-'): TestPluginDir {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir: root,
    write(name, pkg, files = {}) {
      const dir = join(root, name);
      for (const [file, content] of Object.entries({ 'package.json': JSON.stringify(pkg, null, 2), ...files })) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), content);
      }
      return dir;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A plugin package.json with entry `index.js` (pass `main: undefined` in `extra` for a vocabulary-only plugin). */
export function testPluginPackage(id: string, version: string, contributes: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `verbatim-plugin-${id}`,
    version,
    type: 'module',
    main: 'index.js',
    engines: { verbatim: '^1.0.0' },
    verbatim: { id, displayName: `The ${id} plugin`, description: `Test plugin ${id}.`, contributes },
    ...extra,
  };
}

/**
 * Source of a plugin whose post-processor `processorId` appends `text` after the last word (at its end time, or 0
 * with no words), whatever the recogniser heard; idempotent. With `deactivateLog`, `deactivate` waits 300 ms and
 * then logs that line (plugins have no file system to leave a marker in), so a test can tell whether shutdown
 * waited for it.
 */
export function appendingPlugin(processorId: string, text: string, deactivateLog?: string): string {
  return `const TEXT = ${JSON.stringify(text)};
let log;
export default {
  activate(ctx) {
    log = ctx.log;
    ctx.subscriptions.push(ctx.postProcessors.register(${JSON.stringify(processorId)}, (words) => {
      const n = words.length;
      if (n > 0 && words[n - 1].text === TEXT) return { words: [...words], changes: [] };
      const at = n > 0 ? words[n - 1].end : 0;
      return {
        words: [...words, { text: TEXT, start: at, end: at, confidence: 1 }],
        changes: [{ from: n, fromEnd: n, to: n, toEnd: n + 1, before: '', after: TEXT }],
      };
    }));
  },
  deactivate() {
    const line = ${JSON.stringify(deactivateLog ?? null)};
    if (line === null) return;
    return new Promise((resolve) => setTimeout(() => { log.info(line); resolve(); }, 300));
  },
};
`;
}

/** Source of a plugin whose post-processor `processorId` never returns: it spins, blocking its sandbox. */
export function hangingPlugin(processorId: string): string {
  return `export default {
  activate(ctx) {
    ctx.subscriptions.push(ctx.postProcessors.register(${JSON.stringify(processorId)}, () => { for (;;) {} }));
  },
};
`;
}
