// Worker-thread entry of PluginHost: one per plugin. Imports the plugin's entry, activates it with a context whose
// registrations stay in this thread, then answers calls with plain data. Runs as .ts from source and as dist/*.js.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { createPluginContext, type Plugin, type PluginWord, pluginFromModule } from '@verbatim/plugin-sdk';
import { type CallFault, type FromWorker, serializeError, type ToWorker, type WorkerInit } from './workerProtocol.ts';

const port = parentPort;
if (!port) throw new Error('pluginWorker runs as a worker thread (PluginHost starts it)');
const post = (message: FromWorker) => port.postMessage(message);
const init = workerData as WorkerInit;
// a log line is a sentence, not a data channel
const clip = (msg: string) => (msg.length > 4000 ? `${msg.slice(0, 4000)}...` : msg);

const handle = createPluginContext(init.pluginId, {
  info: (msg) => post({ type: 'log', level: 'info', message: clip(msg) }),
  warn: (msg) => post({ type: 'log', level: 'warn', message: clip(msg) }),
});
const { registry } = handle;
let plugin: Plugin | undefined;

class CallError extends Error {
  readonly fault: CallFault;
  constructor(fault: CallFault, message: string) {
    super(message);
    this.fault = fault;
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'deactivate') void deactivate();
  else void call(message);
});

try {
  plugin = pluginFromModule(await import(pathToFileURL(init.entry).href), init.entry);
} catch (error) {
  post({ type: 'activate-error', phase: 'load', error: serializeError(error) });
}
if (plugin) {
  try {
    await plugin.activate(handle.context);
    post({
      type: 'activated',
      registered: { vocabularies: [...registry.vocabularies.keys()], postProcessors: [...registry.postProcessors.keys()], commands: [...registry.commands.keys()] },
    });
  } catch (error) {
    post({ type: 'activate-error', phase: 'activate', error: serializeError(error) });
  }
}

async function call(message: ToWorker & { type: 'call' }): Promise<void> {
  const { id } = message;
  let value: unknown;
  try {
    value = await run(message);
  } catch (error) {
    post({ type: 'error', id, fault: error instanceof CallError ? error.fault : 'threw', error: serializeError(error) });
    return;
  }
  try {
    post({ type: 'result', id, value });
  } catch (error) {
    // functions, class instances with private state, symbols...: only plain data crosses
    post({ type: 'error', id, fault: 'invalid-result', error: { name: 'DataCloneError', message: `the result is not plain data (${(error as Error).message})` } });
  }
}

async function run(message: ToWorker & { type: 'call' }): Promise<unknown> {
  switch (message.kind) {
    case 'vocabulary': {
      const source = registry.vocabularies.get(message.target);
      if (source === undefined) throw new CallError('not-registered', `vocabulary "${message.target}" was not registered in activate`);
      return typeof source === 'function' ? await source() : source;
    }
    case 'postProcess': {
      const fn = registry.postProcessors.get(message.target);
      if (fn === undefined) throw new CallError('not-registered', `post-processor "${message.target}" was not registered in activate`);
      // frozen as in the test harness, so a plugin that mutates its input fails the same way in both
      const words = Object.freeze(message.words.map((w: PluginWord) => Object.freeze(w)));
      return await fn(words, { language: message.language, signal: new AbortController().signal });
    }
    case 'command': {
      const fn = registry.commands.get(message.target);
      if (fn === undefined) throw new CallError('not-registered', `command "${message.target}" was not registered in activate`);
      return await fn(message.args);
    }
  }
}

async function deactivate(): Promise<void> {
  let failure: unknown;
  try {
    await plugin?.deactivate?.();
  } catch (error) {
    failure = error;
  }
  await handle.dispose();
  post(failure === undefined ? { type: 'deactivated' } : { type: 'deactivated', error: serializeError(failure) });
  port!.close();
}
