// @verbatim/core/vocabulary: the vocabulary-entry contract alone, for code that must not pull in the exporters
// (the plugin SDK, which runs inside plugin sandboxes). The same names are exported from @verbatim/core.
export { DEFAULT_TOKEN_BOOST, VOCABULARY_ENTRY_FIELDS, VOCABULARY_LIMITS } from './VocabularyEntry.ts';
export type { VocabularyEntry } from './VocabularyEntry.ts';
export { validateVocabularyEntries, vocabularyEntryProblems } from './validateVocabularyEntries.ts';
export type { VocabularyEntryProblem, VocabularyEntryProblemCode } from './validateVocabularyEntries.ts';
