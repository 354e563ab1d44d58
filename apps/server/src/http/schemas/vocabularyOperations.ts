import { InvalidVocabularyResponse, PutVocabularyBody, VocabularyEntryBody, VocabularyEntryJson, VocabularyResponse } from '../../vocabulary/vocabularySchemas.ts';
import { MAX_VOCABULARY_PHRASE_CHARS } from '../../vocabulary/VocabularyStore.ts';
import type { ApiOperation } from './ApiOperation.ts';

const MODEL_UNAVAILABLE = 'model-unavailable: the model bundle, which entries are checked against, cannot be loaded.';
const INVALID_VOCABULARY =
  'invalid-body: the JSON does not fit the schema; or invalid-vocabulary: error.problems lists every entry the model cannot use.';
const PHRASE = { description: 'The phrase of the entry, URL-encoded.', maxLength: MAX_VOCABULARY_PHRASE_CHARS } as const;

/** The vocabulary routes of `API_OPERATIONS`. */
export const VOCABULARY_OPERATIONS: readonly ApiOperation[] = [
  {
    id: 'getVocabulary', method: 'get', path: '/api/projects/:id/vocabulary', tag: 'vocabulary', auth: true, errors: [400, 404],
    summary: "A project's vocabulary: the phrases its transcriptions boost, by phrase (any member).",
    success: { status: 200, schema: VocabularyResponse, description: 'The entries.' },
  },
  {
    id: 'putVocabulary', method: 'put', path: '/api/projects/:id/vocabulary', tag: 'vocabulary', auth: true, body: PutVocabularyBody,
    errors: [400, 403, 404, 413, 415, 422, 503],
    errorText: { 422: INVALID_VOCABULARY, 503: MODEL_UNAVAILABLE },
    errorSchemas: { 422: InvalidVocabularyResponse },
    summary: "Replace a project's vocabulary (editors and owners; at most 10,000 entries); 422 invalid-vocabulary lists in error.problems every entry the model cannot use.",
    success: { status: 200, schema: VocabularyResponse, description: 'The new vocabulary.' },
  },
  {
    id: 'addVocabularyEntry', method: 'post', path: '/api/projects/:id/vocabulary', tag: 'vocabulary', auth: true, body: VocabularyEntryBody,
    errors: [400, 403, 404, 413, 415, 422, 503],
    errorText: { 422: INVALID_VOCABULARY, 503: MODEL_UNAVAILABLE },
    errorSchemas: { 422: InvalidVocabularyResponse },
    summary: 'Add one entry, or change the entry with the same phrase (editors and owners); 201 when added, 200 when changed.',
    success: { status: 200, alsoStatus: 201, schema: VocabularyEntryJson, description: 'The entry (201: newly added).' },
  },
  {
    id: 'removeVocabularyEntry', method: 'delete', path: '/api/projects/:id/vocabulary/:phrase', tag: 'vocabulary', auth: true, errors: [400, 403, 404],
    pathParams: { phrase: PHRASE },
    errorText: { 400: 'Bad request: a project id that cannot exist, or a phrase longer than ' + MAX_VOCABULARY_PHRASE_CHARS + ' characters.', 404: 'Unknown project, or no entry with this phrase.' },
    summary: 'Remove one entry by its phrase, URL-encoded (editors and owners).',
    success: { status: 204, description: 'Removed.' },
  },
];
