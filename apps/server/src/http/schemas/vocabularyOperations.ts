import {
  AddVocabularyEntryBody,
  CheckVocabularyBody,
  InvalidVocabularyResponse,
  PutVocabularyBody,
  VocabularyCheckResponse,
  VocabularyEntryJson,
  VocabularyResponse,
} from '../../vocabulary/vocabularySchemas.ts';
import { MAX_VOCABULARY_PHRASE_CHARS } from '../../vocabulary/VocabularyStore.ts';
import type { ApiOperation } from './ApiOperation.ts';

const MODEL_UNAVAILABLE = 'model-unavailable: the model bundle, which entries are checked against, cannot be loaded.';
const INVALID_VOCABULARY =
  'invalid-body: the JSON does not fit the schema; or invalid-vocabulary: error.problems lists every entry the model cannot use, and every sounds-like form too common in ordinary speech to be one (common-sounds-like: judged by the model\'s word language model, or a list of common English words for a model without one).';
const PHRASE = { description: 'The phrase of the entry, URL-encoded.', maxLength: MAX_VOCABULARY_PHRASE_CHARS } as const;

/** The vocabulary routes of `API_OPERATIONS`. */
export const VOCABULARY_OPERATIONS: readonly ApiOperation[] = [
  {
    id: 'getVocabulary', method: 'get', path: '/api/projects/:id/vocabulary', tag: 'vocabulary', auth: true, errors: [400, 404],
    summary: "A project's vocabulary: the phrases its transcriptions boost, by phrase, each with where it came from (by hand, from a correction in a transcript, imported) and who added and changed it when (any member).",
    success: { status: 200, schema: VocabularyResponse, description: 'The entries.' },
  },
  {
    id: 'putVocabulary', method: 'put', path: '/api/projects/:id/vocabulary', tag: 'vocabulary', auth: true, body: PutVocabularyBody,
    errors: [400, 403, 404, 413, 415, 422, 503],
    errorText: { 422: INVALID_VOCABULARY, 503: MODEL_UNAVAILABLE },
    errorSchemas: { 422: InvalidVocabularyResponse },
    summary: "Replace a project's vocabulary, an import (editors and owners; at most 10,000 entries): phrases already there keep where they came from, new ones are recorded as imported; 422 invalid-vocabulary lists in error.problems every entry the model cannot use.",
    success: { status: 200, schema: VocabularyResponse, description: 'The new vocabulary.' },
  },
  {
    id: 'addVocabularyEntry', method: 'post', path: '/api/projects/:id/vocabulary', tag: 'vocabulary', auth: true, body: AddVocabularyEntryBody,
    errors: [400, 403, 404, 413, 415, 422, 503],
    errorText: { 422: `${INVALID_VOCABULARY} transcript-not-found: source names a transcript this project does not have.`, 503: MODEL_UNAVAILABLE },
    errorSchemas: { 422: InvalidVocabularyResponse },
    summary:
      'Add one entry, by hand or from a correction in one of the project\'s transcripts (source), or change the entry with the same phrase, which keeps where it came from (editors and owners); 201 when added, 200 when changed.',
    success: { status: 200, alsoStatus: 201, schema: VocabularyEntryJson, description: 'The entry (201: newly added).' },
  },
  {
    id: 'checkVocabulary', method: 'post', path: '/api/projects/:id/vocabulary/check', tag: 'vocabulary', auth: true, body: CheckVocabularyBody,
    errors: [400, 403, 404, 413, 415, 422, 503],
    errorText: { 503: MODEL_UNAVAILABLE },
    summary:
      'Check up to 100 entries as POST and PUT would, without storing them (editors and owners): every problem that would refuse them, e.g. a sounds-like form too common to propose (common-sounds-like, naming the form).',
    success: { status: 200, schema: VocabularyCheckResponse, description: 'The problems (empty when the entries would be stored).' },
  },
  {
    id: 'removeVocabularyEntry', method: 'delete', path: '/api/projects/:id/vocabulary/:phrase', tag: 'vocabulary', auth: true, errors: [400, 403, 404],
    pathParams: { phrase: PHRASE },
    errorText: { 400: 'Bad request: a project id that cannot exist, or a phrase longer than ' + MAX_VOCABULARY_PHRASE_CHARS + ' characters.', 404: 'Unknown project, or no entry with this phrase.' },
    summary: 'Remove one entry by its phrase, URL-encoded (editors and owners).',
    success: { status: 204, description: 'Removed.' },
  },
];
