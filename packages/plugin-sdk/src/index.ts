// @verbatim/plugin-sdk: the only API Verbatim plugins see. Plain data and pure functions only (runtime-neutral);
// the Node test harness is the separate entry `@verbatim/plugin-sdk/testing`.

export { API_VERSION } from './apiVersion.ts';
export type { Disposable } from './Disposable.ts';

// plugin code
export type { Plugin } from './Plugin.ts';
export type { CommandHandler, PluginContext, PluginLog, VocabularySource } from './PluginContext.ts';
export { definePlugin } from './definePlugin.ts';
export { pluginFromModule } from './pluginFromModule.ts';

// vocabularies
// one declaration for every host (CLI, server, runtime): re-exported from @verbatim/core
export { VOCABULARY_LIMITS, validateVocabularyEntries } from '@verbatim/core/vocabulary';
export type { VocabularyEntry } from '@verbatim/core/vocabulary';
export { parseVocabularyJson, plainEntries } from './parseVocabularyJson.ts';
export type { ParsedVocabulary } from './parseVocabularyJson.ts';
export { cleanDomainText } from './cleanDomainText.ts';

// post-processors
export type { PluginWord, PostProcessResult, WordChange } from './PluginWord.ts';
export type { PostProcessContext, PostProcessor } from './PostProcessor.ts';
export { createWordEditor } from './createWordEditor.ts';
export type { WordEditor } from './createWordEditor.ts';
export { matchPhrase } from './matchPhrase.ts';
export { validatePostProcessResult } from './validatePostProcessResult.ts';
export { createPhraseRewriter } from './createPhraseRewriter.ts';
export type { PhraseRule } from './createPhraseRewriter.ts';
export { acronymRules } from './acronymRules.ts';
export type { AcronymOptions } from './acronymRules.ts';

// manifest
export { parseManifest, PLUGIN_ID_PATTERN } from './parseManifest.ts';
export type {
  CommandContribution,
  PluginContributions,
  PluginManifest,
  PostProcessorContribution,
  VocabularyContribution,
} from './PluginManifest.ts';
export { PluginManifestError } from './PluginManifestError.ts';
export type { PluginManifestErrorCode } from './PluginManifestError.ts';

// for the host and the test harness
export { createPluginContext } from './createPluginContext.ts';
export type { PluginContextHandle, PluginRegistry } from './createPluginContext.ts';
