import type { PluginWord } from '@verbatim/plugin-sdk';

/** `workerData` of a plugin worker. */
export interface WorkerInit {
  pluginId: string;
  /** Absolute path of the plugin's entry module. */
  entry: string;
}

/** An error as plain data (structured clone keeps neither an error's class nor its extra fields). */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

/** The ids a plugin registered in `activate`. */
export interface Registered {
  vocabularies: string[];
  postProcessors: string[];
  commands: string[];
}

/** One call into a plugin. */
export type CallRequest =
  | { kind: 'vocabulary'; target: string }
  | { kind: 'postProcess'; target: string; words: PluginWord[]; language: string }
  | { kind: 'command'; target: string; args: unknown };

/** Host to worker. */
export type ToWorker = ({ type: 'call'; id: number } & CallRequest) | { type: 'deactivate' };

/** How a call failed inside the worker. */
export type CallFault = 'threw' | 'not-registered' | 'invalid-result';

/** Worker to host. */
export type FromWorker =
  | { type: 'activated'; registered: Registered }
  | { type: 'activate-error'; phase: 'load' | 'activate'; error: SerializedError }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; fault: CallFault; error: SerializedError }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | { type: 'deactivated'; error?: SerializedError };

/** Plain data for an error thrown by plugin code (which may throw anything). */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  let message: string;
  try {
    message = typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
  } catch {
    message = String(error);
  }
  return { name: 'Error', message };
}
