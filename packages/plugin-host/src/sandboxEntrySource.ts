/** The specifier `bundlePlugin` resolves to the plugin's own entry module. */
export const PLUGIN_ENTRY_SPECIFIER = 'verbatim:plugin-entry';

/**
 * The entry module of every sandbox bundle: imports the plugin and the SDK and exposes, as `globalThis.__verbatim`,
 * the three functions the sandbox process calls (activate, call, deactivate). It runs inside the isolate, after
 * {@link SANDBOX_PRELUDE}, so it sees only ECMAScript and what the prelude installed. Everything it returns is plain
 * data it checked itself: the isolate boundary copies values, so a function or class instance must be refused
 * here with a message rather than fail to copy.
 */
export const SANDBOX_ENTRY_SOURCE = `
import * as pluginModule from ${JSON.stringify(PLUGIN_ENTRY_SPECIFIER)};
import { createPluginContext, pluginFromModule } from '@verbatim/plugin-sdk';

const host = globalThis.__verbatimHost;
let plugin;
let handle;

const describe = (error) => {
  if (error instanceof Error) return { name: String(error.name), message: String(error.message), stack: String(error.stack ?? '') };
  let message;
  try { message = typeof error === 'string' ? error : JSON.stringify(error) ?? String(error); } catch { message = String(error); }
  return { name: 'Error', message };
};

// Why a value cannot leave the sandbox as plain data, or undefined when it can.
const notPlain = (value, path, depth, budget) => {
  if (--budget.n < 0) return 'it is too large';
  if (value === null || value === undefined) return undefined;
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'bigint') return undefined;
  if (t !== 'object') return 'a ' + t + ' at ' + path;
  if (depth > 64) return 'it is nested deeper than 64 levels';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const why = notPlain(value[i], path + '[' + i + ']', depth + 1, budget);
      if (why) return why;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return 'an instance of ' + (value.constructor?.name ?? 'a class') + ' at ' + path;
  for (const key of Object.keys(value)) {
    const why = notPlain(value[key], path + '.' + key, depth + 1, budget);
    if (why) return why;
  }
  return undefined;
};

globalThis.__verbatim = Object.freeze({
  async activate(pluginId, entry) {
    try {
      plugin = pluginFromModule(pluginModule, entry);
    } catch (error) {
      return { ok: false, phase: 'load', error: describe(error) };
    }
    handle = createPluginContext(pluginId, { info: (m) => host.log('info', String(m)), warn: (m) => host.log('warn', String(m)) });
    try {
      await plugin.activate(handle.context);
    } catch (error) {
      return { ok: false, phase: 'activate', error: describe(error) };
    }
    const r = handle.registry;
    return { ok: true, registered: { vocabularies: [...r.vocabularies.keys()], postProcessors: [...r.postProcessors.keys()], commands: [...r.commands.keys()] } };
  },

  async call(kind, target, payload) {
    const registry = handle?.registry;
    const map = kind === 'vocabulary' ? registry?.vocabularies : kind === 'postProcess' ? registry?.postProcessors : registry?.commands;
    const what = kind === 'postProcess' ? 'post-processor' : kind;
    const fn = map?.get(target);
    if (fn === undefined) return { ok: false, fault: 'not-registered', error: { name: 'Error', message: what + ' "' + target + '" was not registered in activate' } };
    let value;
    try {
      if (kind === 'vocabulary') value = typeof fn === 'function' ? await fn() : fn;
      else if (kind === 'postProcess') {
        // frozen as in the test harness, so a plugin that mutates its input fails the same way in both
        const words = Object.freeze(payload.words.map((w) => Object.freeze(w)));
        value = await fn(words, { language: payload.language, signal: new AbortController().signal });
      } else value = await fn(payload.args);
    } catch (error) {
      return { ok: false, fault: 'threw', error: describe(error) };
    }
    const why = notPlain(value, 'result', 0, { n: 5_000_000 });
    if (why) return { ok: false, fault: 'invalid-result', error: { name: 'DataCloneError', message: 'the result is not plain data (' + why + ')' } };
    return { ok: true, value };
  },

  async deactivate() {
    let failure;
    try {
      await plugin?.deactivate?.();
    } catch (error) {
      failure = describe(error);
    }
    await handle?.dispose();
    return failure === undefined ? { ok: true } : { ok: false, error: failure };
  },
});
`;

/**
 * Runs in a fresh isolate before the bundle: the few host-neutral globals plugin code may expect (console, timers,
 * queueMicrotask, AbortController; WebAssembly is removed), built on three callbacks the sandbox process installs (`__hostLog`,
 * `__hostSetTimer`, `__hostClearTimer`), which it then hides. Nothing here reaches a file, a socket or a process:
 * logs are clipped strings, timers are ids and delays.
 */
export const SANDBOX_PRELUDE = `
(() => {
  const g = globalThis;
  const hostLog = g.__hostLog, hostSetTimer = g.__hostSetTimer, hostClearTimer = g.__hostClearTimer;
  delete g.__hostLog; delete g.__hostSetTimer; delete g.__hostClearTimer;
  // WebAssembly memories are allocated outside the isolate's accounted heap: no plugin needs them to rewrite words
  delete g.WebAssembly;
  const text = (args) => args.map((a) => { if (typeof a === 'string') return a; try { return JSON.stringify(a) ?? String(a); } catch { return String(a); } }).join(' ');
  const log = (level, message) => hostLog(level, String(message).slice(0, 4000));
  const timers = new Map();
  let nextTimer = 1;
  const schedule = (fn, ms, args, repeat) => {
    if (typeof fn !== 'function') throw new TypeError('timers take a function');
    if (timers.size >= 1000) throw new RangeError('a sandboxed plugin may have at most 1000 pending timers');
    const id = nextTimer++;
    const delay = Math.max(0, Math.min(Number(ms) || 0, 2147483647));
    timers.set(id, { run: () => fn(...args), delay, repeat });
    hostSetTimer(id, delay);
    return id;
  };
  const clear = (id) => { if (timers.delete(id)) hostClearTimer(id); };
  class AbortSignal {
    #aborted = false; #reason = undefined; #listeners = new Set();
    onabort = null;
    get aborted() { return this.#aborted; }
    get reason() { return this.#reason; }
    throwIfAborted() { if (this.#aborted) throw this.#reason; }
    addEventListener(type, fn) { if (type === 'abort' && typeof fn === 'function') this.#listeners.add(fn); }
    removeEventListener(type, fn) { if (type === 'abort') this.#listeners.delete(fn); }
    static abort(reason) { const c = new AbortController(); c.abort(reason); return c.signal; }
    _abort(reason) {
      if (this.#aborted) return;
      this.#aborted = true;
      this.#reason = reason === undefined ? Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }) : reason;
      const event = { type: 'abort', target: this };
      if (typeof this.onabort === 'function') this.onabort(event);
      for (const fn of [...this.#listeners]) fn(event);
    }
  }
  class AbortController {
    #signal = new AbortSignal();
    get signal() { return this.#signal; }
    abort(reason) { this.#signal._abort(reason); }
  }
  const define = (name, value) => Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
  define('console', Object.freeze({
    log: (...a) => log('info', text(a)), info: (...a) => log('info', text(a)), debug: (...a) => log('info', text(a)),
    warn: (...a) => log('warn', text(a)), error: (...a) => log('warn', text(a)),
  }));
  define('setTimeout', (fn, ms, ...args) => schedule(fn, ms, args, false));
  define('setInterval', (fn, ms, ...args) => schedule(fn, Math.max(10, Number(ms) || 0), args, true));
  define('clearTimeout', clear);
  define('clearInterval', clear);
  define('queueMicrotask', (fn) => { if (typeof fn !== 'function') throw new TypeError('queueMicrotask takes a function'); Promise.resolve().then(() => fn()); });
  define('AbortController', AbortController);
  define('AbortSignal', AbortSignal);
  define('__verbatimHost', Object.freeze({ log }));
  // called by the sandbox process when a timer is due; an error thrown here is uncaught plugin code: it ends the plugin
  define('__verbatimFireTimer', (id) => {
    const t = timers.get(id);
    if (t === undefined) return;
    if (t.repeat) hostSetTimer(id, t.delay);
    else timers.delete(id);
    t.run();
  });
})();
`;
