import { OpenAPIHono } from '@hono/zod-openapi';
import { CreateLiveSessionBody, LiveSessionJson, StopLiveSessionBody } from '@verbatim/core/api';
import type { Context } from 'hono';
import type { ProjectAction } from '../auth/ProjectAction.ts';
import type { AppDeps } from '../http/AppDeps.ts';
import type { AppEnv, RequestAuth } from '../http/AppEnv.ts';
import { authorizeProject } from '../http/authorizeProject.ts';
import { HttpError } from '../http/HttpError.ts';
import { requireAuth } from '../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../http/openapi/apiRoute.ts';
import { readIdParam } from '../http/readIdParam.ts';
import { readJson } from '../http/readJson.ts';
import { withModelErrors } from '../models/modelHttpError.ts';
import { identityOf } from '../models/ModelRegistry.ts';
import { registryOf } from '../models/modelRoutes.ts';
import { LiveSessionListResponse } from './liveApiComponents.ts';
import type { LiveSession } from './LiveSession.ts';
import { toLiveSessionJson } from './LiveSession.ts';
import { LiveSessionStore } from './LiveSessionStore.ts';
import { modelSampleRate } from './modelSampleRate.ts';
import { finishStoppedLiveSession, stopLiveSession } from './stopLiveSession.ts';

const createRoute = apiRoute({
  id: 'createLiveSession', method: 'post', path: '/{id}/live-sessions', tag: 'live', auth: true, body: CreateLiveSessionBody, errors: [400, 404, 409, 413, 415, 422],
  errorText: {
    403: "insufficient-role: viewers and reviewers cannot start live sessions (editors and above can).",
    409: "no-default-model / model-removed: no model is given and the project's default alias points at no installed model.",
    422: 'invalid-body; model-not-found: the model named is not installed; lm-unavailable: lm base or adapted with a model that has no word LM.',
  },
  summary:
    "Start a live captioning session in the project (editors and above; an API token needs the transcribe scope), with model (default: the project's default alias, resolved now). Its audio source then connects to the WebSocket /live/{sessionId}/audio and sends s16le mono audio at the session's sampleRate.",
  success: { status: 201, schema: LiveSessionJson, description: 'The new session, live (Location: /api/live-sessions/{id}).' },
});

const listRoute = apiRoute({
  id: 'listLiveSessions', method: 'get', path: '/{id}/live-sessions', tag: 'live', auth: true, errors: [400, 404],
  summary: "The project's live sessions, newest first (any member).",
  success: { status: 200, schema: LiveSessionListResponse, description: 'The sessions.' },
});

const getRoute = apiRoute({
  id: 'getLiveSession', method: 'get', path: '/{id}', tag: 'live', auth: true, errors: [400, 404],
  summary: 'One live session (any member of its project): its state, audio received, finals, and once ended the recording and transcript made of it.',
  success: { status: 200, schema: LiveSessionJson, description: 'The session.' },
});

const stopRoute = apiRoute({
  id: 'stopLiveSession', method: 'post', path: '/{id}/stop', tag: 'live', auth: true, body: StopLiveSessionBody, errors: [400, 404, 409, 413, 415, 422],
  errorText: { 409: 'session-not-live: the session was already stopped (it is stopping, ended or failed).' },
  summary:
    'Stop a live session (editors and above; an API token needs the transcribe scope): its audio source is closed (4410), what is pending becomes final, and the recording is stored as media of the project and its finals as a transcript (with retranscribe, the recording is also re-transcribed offline into a new revision). Answers once that is done: state ended, or failed with the error (the recording is kept).',
  success: { status: 200, schema: LiveSessionJson, description: 'The session, ended or failed.' },
});

/** The live sessions of a project, mounted at `/api/projects`: `POST /:id/live-sessions` (editors) and `GET` (members). */
export function liveProjectRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const store = new LiveSessionStore(deps.db, { ...(deps.now && { now: deps.now }) });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, createRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, deps.projects, projectId, 'live.start');
    const body = await readJson(c, CreateLiveSessionBody);
    const model = await withModelErrors(() => registryOf(deps).resolve(projectId, body.model));
    // a word LM mode needs a model that brings one; said now rather than by the captions failing when audio comes
    if (!model.hasLm && (body.lm === 'base' || body.lm === 'adapted')) {
      throw new HttpError(422, 'lm-unavailable', `The model ${model.ref} has no word language model, so lm "${body.lm}" cannot be used: leave lm out or use "off".`);
    }
    const lm = body.lm ?? (model.hasLm ? 'adapted' : 'off');
    let sampleRate: number;
    try {
      sampleRate = await modelSampleRate(model.dir);
    } catch (error) {
      throw new HttpError(409, 'model-unreadable', `The model ${model.ref} cannot be read (${(error as Error).message}); install it again.`, { cause: error });
    }
    const { user } = c.get('auth') as RequestAuth;
    const session = store.create({ projectId, title: body.title, createdBy: user.id, model: identityOf(model), sampleRate, lm });
    return c.json(toLiveSessionJson(session), 201, { location: `/api/live-sessions/${session.id}` });
  });

  serveRoute(routes, listRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, deps.projects, projectId, 'live.read');
    return c.json({ liveSessions: store.list(projectId).map((s) => toLiveSessionJson(s, deps.liveAudio?.isSourceConnected(s.id) ?? false)) });
  });

  return routes;
}

/**
 * One live session, mounted at `/api/live-sessions`: `GET /:id` (members) and `POST /:id/stop` (editors); and the
 * stops that other web processes ask this one to make, of the sessions it holds.
 */
export function liveSessionRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const store = new LiveSessionStore(deps.db, { ...(deps.now && { now: deps.now }) });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());
  const json = (session: LiveSession) => toLiveSessionJson(session, deps.liveAudio?.isSourceConnected(session.id) ?? false);
  // a stop made through another web process, of a session this one holds (captures): done here, where its audio is
  const stopping = new Set<string>();
  deps.liveHub?.onDidRequestStop(({ sessionId, retranscribe }) => {
    if (deps.liveAudio?.leases?.holds(sessionId) !== true || stopping.has(sessionId)) return;
    stopping.add(sessionId);
    void finishStoppedLiveSession(deps, store, sessionId, { retranscribe })
      .catch((error: unknown) => deps.logger?.error({ sessionId, err: String(error) }, 'could not stop a live session for another process'))
      .finally(() => stopping.delete(sessionId));
  });

  serveRoute(routes, getRoute, (c) => c.json(json(authorizeLiveSession(c, deps, store, 'live.read'))));

  serveRoute(routes, stopRoute, async (c) => {
    const session = authorizeLiveSession(c, deps, store, 'live.manage');
    const body = await readJson(c, StopLiveSessionBody);
    return c.json(json(await stopLiveSession(deps, store, session.id, { retranscribe: body.retranscribe ?? false })));
  });

  return routes;
}

/**
 * The live session named by the `id` path parameter if the caller may perform `action` in its project; a session that
 * does not exist and one in a project the caller is not a member of are the same 404, so ids cannot be probed.
 */
export function authorizeLiveSession(c: Context<AppEnv>, deps: Pick<AppDeps, 'projects'>, store: LiveSessionStore, action: ProjectAction): LiveSession {
  const id = readIdParam(c, 'id', 'live session');
  const session = store.get(id);
  const notFound = () => new HttpError(404, 'live-session-not-found', `There is no live session ${id} that you can open.`);
  if (session === undefined) throw notFound();
  try {
    authorizeProject(c, deps.projects, session.projectId, action);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) throw notFound();
    throw error;
  }
  return session;
}
