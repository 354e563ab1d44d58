// The process PluginProcess starts for one plugin (under Node's permission model: it may read only this file, its
// imports and isolated-vm's binary; no writes, no child processes, no workers; empty environment). Plugin code never
// runs in this process's own V8 isolate: it runs in a separate isolated-vm isolate with its own memory limit, where
// there is no `require`, no `process`, no `fetch`, only ECMAScript and the prelude's console, timers and
// AbortController. Calls arrive over IPC as plain data and leave as plain data.
import { createRequire } from 'node:module';
import type IvmNamespace from 'isolated-vm';
import { SANDBOX_PRELUDE } from './sandboxEntrySource.ts';
import { type CallRequest, type FromSandbox, type SandboxFault, type SandboxInit, serializeError, type ToSandbox } from './sandboxProtocol.ts';

type Ivm = typeof IvmNamespace;

const binary = process.argv[2];
if (!process.send || binary === undefined) throw new Error('pluginSandbox runs as a child process that PluginHost starts');
const ivm = (createRequire(import.meta.url)(binary) as { ivm: Ivm }).ivm;
const post = (message: FromSandbox) => process.send!(message);

let isolate: IvmNamespace.Isolate | undefined;
let runtime: { call: IvmNamespace.Reference; deactivate: IvmNamespace.Reference; fireTimer: IvmNamespace.Reference } | undefined;
let init: SandboxInit | undefined;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

// the host going away ends the sandbox: nothing of a plugin outlives the server
process.on('disconnect', () => process.exit(0));
process.on('message', (message: ToSandbox) => {
  if (message.type === 'init') void start(message);
  // the isolate runs one thing at a time: isolated-vm queues calls, timers and deactivation in arrival order
  else if (message.type === 'call') void call(message.id, message, message.timeoutMs);
  else void deactivate(message.timeoutMs);
});

let dying = false;
// The plugin cannot go on: say why, then exit once the message has left (the host also kills us when it reads it).
function fatal(fault: SandboxFault, message: string): void {
  if (dying) return;
  dying = true;
  process.send!({ type: 'fatal', fault, message } satisfies FromSandbox, () => process.exit(fault === 'out-of-memory' ? 71 : 70));
}

// An error from isolated-vm itself (not thrown by plugin code) when a limit was hit: the isolate is gone or stuck.
function limitHit(error: unknown, what: string, timeoutMs: number): boolean {
  const message = error instanceof Error ? error.message : String(error);
  if (isolate?.isDisposed || /memory limit/i.test(message)) fatal('out-of-memory', `ran out of memory (limit ${init!.memoryLimitMb} MB) and was stopped`);
  else if (/timed out/i.test(message)) fatal('timeout', `${what} did not finish within ${timeoutMs} ms; its sandbox was stopped`);
  return dying;
}

async function start(message: SandboxInit): Promise<void> {
  init = message;
  try {
    isolate = new ivm.Isolate({
      memoryLimit: Math.max(8, message.memoryLimitMb),
      onCatastrophicError: (why) => fatal('crashed', `crashed inside its isolate: ${why}`),
    });
    const context = await isolate.createContext();
    const g = context.global;
    await g.set('globalThis', g.derefInto());
    await g.set('__hostLog', new ivm.Callback((level: unknown, text: unknown) => post({ type: 'log', level: level === 'warn' ? 'warn' : 'info', message: String(text).slice(0, 4000) }), { ignored: true }));
    await g.set('__hostSetTimer', new ivm.Callback((id: number, ms: number) => setTimer(id, ms), { ignored: true }));
    await g.set('__hostClearTimer', new ivm.Callback((id: number) => { clearTimeout(timers.get(id)); timers.delete(id); }, { ignored: true }));
    await context.eval(SANDBOX_PRELUDE, { timeout: message.activationTimeoutMs });
    try {
      const script = await isolate.compileScript(message.code, { filename: `plugin:${message.pluginId}` });
      await script.run(context, { timeout: message.activationTimeoutMs });
    } catch (error) {
      if (limitHit(error, 'loading the plugin', message.activationTimeoutMs)) return;
      post({ type: 'activate-error', phase: 'load', error: serializeError(error) });
      return;
    }
    const ref = (name: string) => context.eval(`__verbatim.${name}`, { reference: true }) as Promise<IvmNamespace.Reference>;
    runtime = { call: await ref('call'), deactivate: await ref('deactivate'), fireTimer: await context.eval('__verbatimFireTimer', { reference: true }) };
    const activate = await ref('activate');
    const outcome = (await activate.apply(undefined, [message.pluginId, message.entry], {
      arguments: { copy: true },
      result: { promise: true, copy: true },
      timeout: message.activationTimeoutMs,
    })) as { ok: true; registered: { vocabularies: string[]; postProcessors: string[]; commands: string[] } } | { ok: false; phase: 'load' | 'activate'; error: ReturnType<typeof serializeError> };
    if (outcome.ok) post({ type: 'activated', registered: outcome.registered });
    else post({ type: 'activate-error', phase: outcome.phase, error: outcome.error });
  } catch (error) {
    if (limitHit(error, 'activating', message.activationTimeoutMs)) return;
    post({ type: 'activate-error', phase: 'activate', error: serializeError(error) });
  }
}

async function call(id: number, request: CallRequest, timeoutMs: number): Promise<void> {
  if (!runtime) {
    post({ type: 'error', id, fault: 'threw', error: { name: 'Error', message: 'the plugin is not active' } });
    return;
  }
  const payload = request.kind === 'postProcess' ? { words: request.words, language: request.language } : request.kind === 'command' ? { args: request.args } : undefined;
  try {
    const outcome = (await runtime.call.apply(undefined, [request.kind, request.target, payload], {
      arguments: { copy: true },
      result: { promise: true, copy: true },
      timeout: timeoutMs,
    })) as { ok: true; value: unknown } | { ok: false; fault: 'threw' | 'not-registered' | 'invalid-result'; error: ReturnType<typeof serializeError> };
    if (outcome.ok) post({ type: 'result', id, value: outcome.value });
    else post({ type: 'error', id, fault: outcome.fault, error: outcome.error });
  } catch (error) {
    const what = request.kind === 'postProcess' ? `post-processor "${request.target}"` : `${request.kind} "${request.target}"`;
    if (limitHit(error, what, timeoutMs)) return;
    post({ type: 'error', id, fault: 'threw', error: serializeError(error) });
  }
}

function setTimer(id: number, ms: number): void {
  clearTimeout(timers.get(id));
  timers.set(
    id,
    setTimeout(() => {
      timers.delete(id);
      runtime?.fireTimer.apply(undefined, [id], { arguments: { copy: true }, timeout: init!.activationTimeoutMs }).catch((error: unknown) => {
        if (limitHit(error, 'a timer callback', init!.activationTimeoutMs)) return;
        // an error thrown where nobody catches it ends the plugin, as an uncaught exception ends a process
        fatal('crashed', `crashed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, ms),
  );
}

async function deactivate(timeoutMs: number): Promise<void> {
  for (const t of timers.values()) clearTimeout(t);
  timers.clear();
  let error: ReturnType<typeof serializeError> | undefined;
  try {
    const outcome = runtime
      ? ((await runtime.deactivate.apply(undefined, [], { result: { promise: true, copy: true }, timeout: timeoutMs })) as { ok: boolean; error?: ReturnType<typeof serializeError> })
      : { ok: true };
    if (!outcome.ok) error = outcome.error;
  } catch (e) {
    error = serializeError(e);
  }
  post(error === undefined ? { type: 'deactivated' } : { type: 'deactivated', error });
}
