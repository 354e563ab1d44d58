/**
 * Why a plugin call failed:
 * - `unknown-plugin`: no plugin with that id was given to the host;
 * - `unknown-contribution`: the plugin's manifest declares no such command;
 * - `not-registered`: declared in the manifest but not registered by `activate`;
 * - `invalid-plugin`: the entry module could not be loaded or exports no plugin;
 * - `invalid-vocabulary`: a vocabulary (file or computed) failed validation or could not be read;
 * - `invalid-result`: a post-processor's result failed validation, or a result was not plain data;
 * - `threw`: plugin code threw (in `activate`, a post-processor, a provider or a command);
 * - `timeout`: a call or the activation ran past its time limit (its sandbox was stopped);
 * - `crashed`: the plugin's sandbox died (an error thrown in a timer, a fault of the sandbox process);
 * - `out-of-memory`: the plugin's isolate hit its memory limit;
 * - `disposed`: the host was disposed before the call finished.
 */
export type PluginErrorCode =
  | 'unknown-plugin'
  | 'unknown-contribution'
  | 'not-registered'
  | 'invalid-plugin'
  | 'invalid-vocabulary'
  | 'invalid-result'
  | 'threw'
  | 'timeout'
  | 'crashed'
  | 'out-of-memory'
  | 'disposed';

/** A plugin failed; `pluginId` says which and the message says what happened, in words a user can act on. */
export class PluginError extends Error {
  override readonly name = 'PluginError';
  readonly code: PluginErrorCode;
  readonly pluginId: string;
  /** The contribution involved (e.g. `medical.dosage`), when there is one. */
  readonly contributionId: string | undefined;
  /** Individual problems (e.g. from result validation); may be empty. */
  readonly problems: readonly string[];

  constructor(code: PluginErrorCode, pluginId: string, message: string, options: { contributionId?: string; problems?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.pluginId = pluginId;
    this.contributionId = options.contributionId;
    this.problems = options.problems ?? [];
  }
}
