/** A vocabulary a plugin contributes: static (`path` to a JSON array of entries) or computed in `activate`. */
export interface VocabularyContribution {
  /** `<pluginId>.<name>`. */
  id: string;
  title: string;
  /** JSON file of entries, relative to the package; absent when `activate` registers the vocabulary. */
  path?: string;
  /** UTF-8 file of domain sentences (one per line) for language-model adaptation, relative to the package. */
  domainText?: string;
}

/** A post-processor a plugin contributes (registered in `activate` under the same id). */
export interface PostProcessorContribution {
  id: string;
  title: string;
}

/** An editor command a plugin contributes (registered in `activate` under the same id). */
export interface CommandContribution {
  id: string;
  title: string;
}

/** What a plugin contributes; every list is present (empty when the manifest has none). */
export interface PluginContributions {
  vocabularies: VocabularyContribution[];
  postProcessors: PostProcessorContribution[];
  commands: CommandContribution[];
}

/** A plugin's package.json, validated: the package fields the host needs plus the `verbatim` key. */
export interface PluginManifest {
  /** Plugin id (`verbatim.id`), /^[a-z][a-z0-9-]{1,40}$/. */
  id: string;
  /** npm package name. */
  name: string;
  /** Package version (semver). */
  version: string;
  displayName: string;
  description: string;
  /** Entry module relative to the package; absent for a plugin that only contributes static vocabularies. */
  main?: string;
  /** Semver range of plugin API versions the plugin works with (`engines.verbatim`). */
  engines: { verbatim: string };
  contributes: PluginContributions;
}
