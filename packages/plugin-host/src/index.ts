// @verbatim/plugin-host: finds and validates plugins without running them, then runs each in its own sandbox (a V8
// isolate without Node APIs, in a child process under Node's permission model) with time and memory limits. Node only.
export { discoverPlugins } from './discoverPlugins.ts';
export type { DiscoverPluginsOptions, DiscoveryResult } from './discoverPlugins.ts';
export type { PluginDescription, PluginProblem } from './PluginDescription.ts';
export { PluginHost } from './PluginHost.ts';
export type { OnPluginError, PluginHostOptions, PluginVocabulary, PostProcessOptions, PostProcessOutcome, VocabulariesOptions } from './PluginHostOptions.ts';
export type { AttributedChange } from './mergePostProcessResult.ts';
export { PluginError } from './PluginError.ts';
export type { PluginErrorCode } from './PluginError.ts';
