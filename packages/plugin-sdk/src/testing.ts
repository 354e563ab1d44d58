// @verbatim/plugin-sdk/testing: a harness for plugin authors' tests (Node only). Loads a plugin package in-process,
// checks its vocabularies against the bundled speech model and its post-processors against the rules the host cannot
// check on one call, and builds word fixtures.
export { loadPluginForTest } from './testing/loadPluginForTest.ts';
export type { LoadPluginOptions, PluginUnderTest } from './testing/loadPluginForTest.ts';
export { checkVocabulary } from './testing/checkVocabulary.ts';
export type { VocabularyCheck } from './testing/checkVocabulary.ts';
export { wordsFromText } from './testing/wordsFromText.ts';
export type { WordsFromTextOptions } from './testing/wordsFromText.ts';
export { checkPostProcessing } from './testing/checkPostProcessing.ts';
export type { CheckPostProcessingOptions, PostProcessingCheck } from './testing/checkPostProcessing.ts';
export { checkDisplayAs } from './testing/checkDisplayAs.ts';
export type { DisplayAsCheck } from './testing/checkDisplayAs.ts';
