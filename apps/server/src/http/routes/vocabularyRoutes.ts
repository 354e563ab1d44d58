import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { LanguageModelError, ModelBundleError, type VocabularyEntry } from '@verbatim/asr';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { authorizeProject } from '../authorizeProject.ts';
import { HttpError } from '../HttpError.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';
import { createVocabularyChecker, type VocabularyCheck, type VocabularyChecker } from '../../vocabulary/checkVocabulary.ts';
import { MAX_VOCABULARY_PHRASE_CHARS, type NewVocabularySource, VocabularyStore } from '../../vocabulary/VocabularyStore.ts';
import { VocabularyStoreError } from '../../vocabulary/VocabularyStoreError.ts';
import { ModelRegistryError } from '../../models/ModelRegistryError.ts';
import type { ModelRegistry } from '../../models/ModelRegistry.ts';
import { AddVocabularyEntryBody, CheckVocabularyBody, InvalidVocabularyResponse, PutVocabularyBody, toVocabularyEntryJson, VocabularyCheckResponse, VocabularyEntryJson, VocabularyResponse } from '../../vocabulary/vocabularySchemas.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

/** Checkers (each holds a loaded bundle and its LM) kept at once. */
const MAX_CHECKERS = 4;
const MODEL_UNAVAILABLE = 'model-unavailable: the model bundle, which entries are checked against, cannot be loaded.';
const INVALID_VOCABULARY =
  'invalid-body: the JSON does not fit the schema; or invalid-vocabulary: error.problems lists every entry the model cannot use, and every sounds-like form too common in ordinary speech to be one (common-sounds-like: judged by the model\'s word language model, or a list of common English words for a model without one).';
const PHRASE = { description: 'The phrase of the entry, URL-encoded.', maxLength: MAX_VOCABULARY_PHRASE_CHARS } as const;

const getVocabularyRoute = apiRoute({
  id: 'getVocabulary', method: 'get', path: '/{id}/vocabulary', tag: 'vocabulary', auth: true, errors: [400, 404],
  summary: "A project's vocabulary: the phrases its transcriptions boost, by phrase, each with where it came from (by hand, from a correction in a transcript, imported) and who added and changed it when (any member).",
  success: { status: 200, schema: VocabularyResponse, description: 'The entries.' },
});

const putVocabularyRoute = apiRoute({
  id: 'putVocabulary', method: 'put', path: '/{id}/vocabulary', tag: 'vocabulary', auth: true, body: PutVocabularyBody,
  errors: [400, 403, 404, 413, 415, 422, 503],
  errorText: { 422: INVALID_VOCABULARY, 503: MODEL_UNAVAILABLE },
  errorSchemas: { 422: InvalidVocabularyResponse },
  summary: "Replace a project's vocabulary, an import (editors and owners; at most 10,000 entries): phrases already there keep where they came from, new ones are recorded as imported; 422 invalid-vocabulary lists in error.problems every entry the model cannot use.",
  success: { status: 200, schema: VocabularyResponse, description: 'The new vocabulary.' },
});

const addVocabularyEntryRoute = apiRoute({
  id: 'addVocabularyEntry', method: 'post', path: '/{id}/vocabulary', tag: 'vocabulary', auth: true, body: AddVocabularyEntryBody,
  errors: [400, 403, 404, 413, 415, 422, 503],
  errorText: { 422: `${INVALID_VOCABULARY} transcript-not-found: source names a transcript this project does not have.`, 503: MODEL_UNAVAILABLE },
  errorSchemas: { 422: InvalidVocabularyResponse },
  summary:
    'Add one entry, by hand or from a correction in one of the project\'s transcripts (source), or change the entry with the same phrase, which keeps where it came from (editors and owners); 201 when added, 200 when changed.',
  success: { status: 200, alsoStatus: 201, schema: VocabularyEntryJson, description: 'The entry (201: newly added).' },
});

const checkVocabularyRoute = apiRoute({
  id: 'checkVocabulary', method: 'post', path: '/{id}/vocabulary/check', tag: 'vocabulary', auth: true, body: CheckVocabularyBody,
  errors: [400, 403, 404, 413, 415, 422, 503],
  errorText: { 503: MODEL_UNAVAILABLE },
  summary:
    'Check up to 100 entries as POST and PUT would, without storing them (editors and owners): every problem that would refuse them, e.g. a sounds-like form too common to propose (common-sounds-like, naming the form).',
  success: { status: 200, schema: VocabularyCheckResponse, description: 'The problems (empty when the entries would be stored).' },
});

const removeVocabularyEntryRoute = apiRoute({
  id: 'removeVocabularyEntry', method: 'delete', path: '/{id}/vocabulary/{phrase}', tag: 'vocabulary', auth: true, errors: [400, 403, 404],
  pathParams: { phrase: PHRASE },
  errorText: { 400: 'Bad request: a project id that cannot exist, or a phrase longer than ' + MAX_VOCABULARY_PHRASE_CHARS + ' characters.', 404: 'Unknown project, or no entry with this phrase.' },
  summary: 'Remove one entry by its phrase, URL-encoded (editors and owners).',
  success: { status: 204, description: 'Removed.' },
});

/** Options of {@link vocabularyRoutes}. */
export interface VocabularyRoutesOptions {
  /**
   * Checks entries against this one checker, whatever the project's model (tests). Default: the model the project's
   * transcriptions use now (its default alias, resolved per request through `deps.models`; the bundle in
   * `deps.config.modelDir` without a registry), one checker per installed model, loaded on first use.
   */
  readonly checker?: VocabularyChecker;
}

/**
 * A project's vocabulary (the phrases its transcriptions boost), mounted at `/api/projects`: members read it at
 * `/:id/vocabulary`, each entry with where it came from and who changed it when; editors and owners replace it
 * (`PUT`, an import), add or change one entry (`POST`, by hand or from a correction in one of the project's
 * transcripts), remove one (`DELETE /:id/vocabulary/:phrase`) and check entries without storing them
 * (`POST /:id/vocabulary/check`). Entries are checked against the server's model before they are stored: an entry it
 * cannot spell, or whose sounds-like form is a common phrase that would be rewritten everywhere, is a 422
 * `invalid-vocabulary` whose `error.problems` lists every refused entry and why.
 */
export function vocabularyRoutes(deps: AppDeps, options: VocabularyRoutesOptions = {}): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const store = new VocabularyStore(deps.db, deps.now === undefined ? {} : { now: deps.now });
  const checkers = new Map<string, VocabularyChecker>();
  // the model a job of this project would use now: an entry is spelt in its tokens, not in some other model's
  const checkerFor = async (projectId: string): Promise<VocabularyChecker> => {
    if (options.checker !== undefined) return options.checker;
    const dir = deps.models === undefined ? deps.config.modelDir : await projectModelDir(deps.models, projectId, deps.config.modelDir);
    let checker = checkers.get(dir);
    if (checker === undefined) {
      // a few models at most are in use at once; the oldest checker goes first
      if (checkers.size >= MAX_CHECKERS) checkers.delete(checkers.keys().next().value as string);
      checker = createVocabularyChecker(dir);
      checkers.set(dir, checker);
    }
    return checker;
  };
  const transcripts = new TranscriptStore(deps.db);
  const routes = new OpenAPIHono<AppEnv>();

  serveRoute(routes, getVocabularyRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'project.read');
    return c.json({ entries: store.list(projectId).map(toVocabularyEntryJson) });
  });

  serveRoute(routes, putVocabularyRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'vocabulary.manage');
    const { entries } = await readJson(c, PutVocabularyBody);
    const refused = await refusal(c, projectId, entries);
    if (refused !== undefined) return refused;
    const stored = storing(() => store.replace(projectId, entries, callerId(c)));
    return c.json({ entries: stored.map(toVocabularyEntryJson) });
  });

  serveRoute(routes, addVocabularyEntryRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'vocabulary.manage');
    const { source = { kind: 'manual' }, ...entry } = await readJson(c, AddVocabularyEntryBody);
    // a correction names a transcript of this very project (any other is, to this caller, not there)
    if (source.kind === 'correction' && transcripts.get(source.transcriptId)?.projectId !== projectId) {
      throw new HttpError(422, 'transcript-not-found', `This project has no transcript ${source.transcriptId}.`);
    }
    const refused = await refusal(c, projectId, [entry]);
    if (refused !== undefined) return refused;
    const { entry: stored, created } = storing(() => store.add(projectId, entry, callerId(c), source satisfies NewVocabularySource));
    return c.json(toVocabularyEntryJson(stored), created ? 201 : 200);
  });

  serveRoute(routes, checkVocabularyRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'vocabulary.manage');
    const { entries } = await readJson(c, CheckVocabularyBody);
    const result = await checking(projectId, entries);
    return c.json({ problems: result.ok ? [] : result.problems });
  });

  serveRoute(routes, removeVocabularyEntryRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'vocabulary.manage');
    const phrase = c.req.param('phrase') ?? '';
    if (phrase.length > MAX_VOCABULARY_PHRASE_CHARS) {
      throw new HttpError(400, 'invalid-phrase', `A vocabulary phrase has at most ${MAX_VOCABULARY_PHRASE_CHARS} characters.`);
    }
    if (!store.remove(projectId, phrase)) {
      throw new HttpError(404, 'vocabulary-entry-not-found', `This project's vocabulary has no entry ${JSON.stringify(phrase)}.`);
    }
    return c.body(null, 204);
  });

  async function checking(projectId: string, entries: readonly VocabularyEntry[]): Promise<VocabularyCheck> {
    try {
      return await (await checkerFor(projectId)).check(entries);
    } catch (error) {
      if (error instanceof ModelRegistryError) {
        throw new HttpError(503, 'model-unavailable', `Vocabulary entries are checked against the project's model: ${error.message}`, { cause: error });
      }
      if (!(error instanceof ModelBundleError || error instanceof LanguageModelError)) throw error;
      throw new HttpError(503, 'model-unavailable', `Vocabulary entries are checked against the model, which cannot be loaded: ${error.message}.`, { cause: error });
    }
  }

  // the 422 response when the model refuses any entry, with every problem (the usual error body has no room for them)
  async function refusal(c: Context<AppEnv>, projectId: string, entries: readonly VocabularyEntry[]): Promise<Response | undefined> {
    const result = await checking(projectId, entries);
    if (result.ok) return undefined;
    return c.json({ error: { code: 'invalid-vocabulary', message: result.message, problems: result.problems } }, 422);
  }

  return routes;
}

// no default alias yet (a store the server could not seed): the configured bundle, the one seeding would install
async function projectModelDir(models: ModelRegistry, projectId: string, fallback: string): Promise<string> {
  try {
    return (await models.resolve(projectId)).dir;
  } catch (error) {
    if (error instanceof ModelRegistryError && error.code === 'no-default-model') return fallback;
    throw error;
  }
}

function callerId(c: Context<AppEnv>): string {
  return (c.get('auth') as RequestAuth).user.id;
}

function storing<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof VocabularyStoreError) throw new HttpError(422, error.code, error.message, { cause: error });
    throw error;
  }
}
