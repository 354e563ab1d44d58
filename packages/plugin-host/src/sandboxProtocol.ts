import type { PluginWord } from '@verbatim/plugin-sdk';

/** The first message to a plugin's sandbox process: what to run and within which limits. */
export interface SandboxInit {
  type: 'init';
  pluginId: string;
  /** Absolute path of the plugin's entry module (for messages; the code itself comes bundled in `code`). */
  entry: string;
  /** The plugin, the SDK and the sandbox runtime as one script (see `bundlePlugin`). */
  code: string;
  /** The isolate's memory limit (V8 heap and array buffers). */
  memoryLimitMb: number;
  /** CPU-time limit of loading and activating, and of each timer callback the plugin schedules. */
  activationTimeoutMs: number;
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

/** Host to sandbox. */
export type ToSandbox = SandboxInit | ({ type: 'call'; id: number; timeoutMs: number } & CallRequest) | { type: 'deactivate'; timeoutMs: number };

/** How a call failed inside the sandbox (the call alone; the plugin stays usable). */
export type CallFault = 'threw' | 'not-registered' | 'invalid-result';

/** How the sandbox failed as a whole; it exits after saying so. */
export type SandboxFault = 'timeout' | 'out-of-memory' | 'crashed';

/** Sandbox to host. */
export type FromSandbox =
  | { type: 'activated'; registered: Registered }
  | { type: 'activate-error'; phase: 'load' | 'activate'; error: SerializedError }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; fault: CallFault; error: SerializedError }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | { type: 'deactivated'; error?: SerializedError }
  /** The plugin can no longer run: a time or memory limit, or an error thrown where nobody catches it (a timer). */
  | { type: 'fatal'; fault: SandboxFault; message: string };

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
