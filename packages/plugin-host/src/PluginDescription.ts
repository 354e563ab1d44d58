import type { PluginContributions, PluginManifest } from '@verbatim/plugin-sdk';
import type { PluginErrorCode } from './PluginError.ts';

/** A discovered, valid plugin, described from its manifest without running its code. Plain data. */
export interface PluginDescription {
  id: string;
  version: string;
  displayName: string;
  description: string;
  /** Absolute package directory. */
  dir: string;
  /** Absolute path of the entry module; undefined for a plugin that only contributes static vocabularies. */
  main: string | undefined;
  manifest: PluginManifest;
  contributes: PluginContributions;
}

/** Something wrong with a plugin: found while discovering it, or while running it. Plain data. */
export interface PluginProblem {
  /** The plugin's id, when it is known. */
  pluginId?: string;
  /** Where: a file or directory for discovery problems, a contribution id (or `activate`) for runtime ones. */
  where: string;
  /** A sentence naming the plugin and the problem. */
  message: string;
  /** For runtime problems, the {@link PluginError} code. */
  code?: PluginErrorCode;
}
