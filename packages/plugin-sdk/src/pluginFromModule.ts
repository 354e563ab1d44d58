import type { Plugin } from './Plugin.ts';

/**
 * The plugin a loaded entry module exports: its default export (as built with `definePlugin`), or named `activate`
 * / `deactivate` exports. Used by the host and the test harness after importing a plugin's `main`.
 *
 * @throws {TypeError} naming `where` when the module exports no plugin.
 */
export function pluginFromModule(mod: unknown, where = 'the plugin entry'): Plugin {
  const candidates: unknown[] = [];
  if (typeof mod === 'object' && mod !== null) {
    const def = (mod as { default?: unknown }).default;
    candidates.push(def);
    // a CommonJS entry imported from ESM arrives as { default: module.exports }
    if (typeof def === 'object' && def !== null) candidates.push((def as { default?: unknown }).default);
    candidates.push(mod);
  }
  for (const c of candidates) {
    if (typeof c !== 'object' || c === null) continue;
    const { activate, deactivate } = c as { activate?: unknown; deactivate?: unknown };
    if (typeof activate !== 'function') continue;
    if (deactivate !== undefined && typeof deactivate !== 'function') {
      throw new TypeError(`${where}: deactivate must be a function when present`);
    }
    return c as Plugin;
  }
  throw new TypeError(`${where} exports no plugin: export default definePlugin({ activate(ctx) { ... } })`);
}
