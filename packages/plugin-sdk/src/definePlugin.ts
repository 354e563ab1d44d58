import type { Plugin } from './Plugin.ts';

/**
 * Declares a plugin: checks its shape and returns it typed. Make it the default export of the package's `main`.
 *
 * @throws {TypeError} when `activate` is not a function or `deactivate` is present and not one.
 * @example
 * export default definePlugin({
 *   activate(ctx) {
 *     ctx.subscriptions.push(ctx.postProcessors.register('medical.dosage', dosage));
 *   },
 * });
 */
export function definePlugin(plugin: Plugin): Plugin {
  if (typeof plugin !== 'object' || plugin === null) {
    throw new TypeError(`definePlugin expects an object with an activate function, got ${plugin === null ? 'null' : typeof plugin}`);
  }
  if (typeof plugin.activate !== 'function') {
    throw new TypeError('definePlugin: activate must be a function (ctx) => void | Promise<void>');
  }
  if (plugin.deactivate !== undefined && typeof plugin.deactivate !== 'function') {
    throw new TypeError('definePlugin: deactivate must be a function when present');
  }
  return plugin;
}
