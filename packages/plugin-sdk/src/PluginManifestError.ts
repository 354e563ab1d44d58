/** Why a package.json is not a usable plugin manifest. */
export type PluginManifestErrorCode = 'not-a-plugin' | 'invalid-manifest';

/**
 * A plugin manifest failed validation. The message names the plugin (its id, else its package name, else where it
 * was read) and lists every problem; `problems` holds them one per string.
 */
export class PluginManifestError extends Error {
  override readonly name = 'PluginManifestError';
  readonly code: PluginManifestErrorCode;
  /** The manifest's `verbatim.id` when it had one. */
  readonly pluginId: string | undefined;
  readonly problems: string[];

  constructor(code: PluginManifestErrorCode, message: string, problems: string[], pluginId?: string) {
    super(message);
    this.code = code;
    this.problems = problems;
    this.pluginId = pluginId;
  }
}
