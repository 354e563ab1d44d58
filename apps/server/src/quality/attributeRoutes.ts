import { OpenAPIHono } from '@hono/zod-openapi';
import { MediaAttributesBody, SpeakerAttributesBody } from '@verbatim/core/api';
import type { Context } from 'hono';
import type { ProjectAction } from '../auth/ProjectAction.ts';
import type { AppDeps } from '../http/AppDeps.ts';
import type { AppEnv, RequestAuth } from '../http/AppEnv.ts';
import { authorizeProject } from '../http/authorizeProject.ts';
import { HttpError } from '../http/HttpError.ts';
import { requireAuth, unauthenticated } from '../http/middleware/requireAuth.ts';
import { apiRoute, serveRoute } from '../http/openapi/apiRoute.ts';
import { readIdParam } from '../http/readIdParam.ts';
import { MediaStore } from '../media/MediaStore.ts';
import { readAttributes } from './readAttributes.ts';
import { SliceAttributeStore } from './SliceAttributeStore.ts';

const BAD_ATTRIBUTES = 'invalid-attributes: a key or value empty or too long (keys ≤ 40 characters, values ≤ 100), more than 20 keys, or more than 4 KB; the message lists each problem. Also malformed JSON or an id that cannot exist.';

const getMediaAttributesRoute = apiRoute({
  id: 'getMediaAttributes', method: 'get', path: '/{id}/attributes', tag: 'quality', auth: true, errors: [400, 404],
  summary: "A recording's slice attributes (any member).",
  success: { status: 200, schema: MediaAttributesBody, description: 'The attributes ({} when none).' },
});

const putMediaAttributesRoute = apiRoute({
  id: 'putMediaAttributes', method: 'put', path: '/{id}/attributes', tag: 'quality', auth: true, body: MediaAttributesBody, errors: [400, 404, 413, 415],
  errorText: { 400: BAD_ATTRIBUTES },
  summary:
    "Replace a recording's slice attributes (owners): free-form keys and values people choose (accent, setting, …), never inferred; field quality is measured per value. {} removes them.",
  success: { status: 200, schema: MediaAttributesBody, description: 'The attributes now.' },
});

const getSpeakerAttributesRoute = apiRoute({
  id: 'getSpeakerAttributes', method: 'get', path: '/{id}/speaker-attributes', tag: 'quality', auth: true, errors: [400, 404],
  summary: "The slice attributes of the project's speakers, by speaker label (any member).",
  success: { status: 200, schema: SpeakerAttributesBody, description: 'Attributes per speaker.' },
});

const putSpeakerAttributesRoute = apiRoute({
  id: 'putSpeakerAttributes', method: 'put', path: '/{id}/speaker-attributes', tag: 'quality', auth: true, body: SpeakerAttributesBody, errors: [400, 404, 413, 415],
  errorText: { 400: BAD_ATTRIBUTES },
  summary:
    "Replace the slice attributes of the named speakers (owners; a speaker is the label its turns carry; others keep theirs; {} removes a speaker's).",
  success: { status: 200, schema: SpeakerAttributesBody, description: "Every speaker's attributes now." },
});

/** `GET`/`PUT /api/media/:id/attributes`: a recording's slice attributes (owners set them). */
export function mediaAttributeRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const media = new MediaStore(deps.db, { dataDir: deps.config.dataDir, mediaDir: deps.config.mediaDir });
  const attributes = new SliceAttributeStore(deps.db, deps.now === undefined ? {} : { now: deps.now });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  function findMedia(c: Context<AppEnv>, action: ProjectAction): string {
    const id = readIdParam(c, 'id', 'media');
    const record = media.get(id);
    const notFound = new HttpError(404, 'media-not-found', `There is no media ${id} in a project you are a member of.`);
    if (record === undefined) throw notFound;
    const decision = projects.authorize(c.get('auth')?.principal, record.projectId, action);
    if (decision.allowed) return record.id;
    if (decision.reason === 'unauthenticated') throw unauthenticated();
    if (decision.reason === 'not-member') throw notFound;
    throw new HttpError(403, 'insufficient-role', `Your role in this project is ${decision.role}; this needs ${decision.required}${decision.required === 'owner' ? '' : ' or above'}.`);
  }

  serveRoute(routes, getMediaAttributesRoute, (c) => c.json({ attributes: attributes.media(findMedia(c, 'media.read')) }));

  serveRoute(routes, putMediaAttributesRoute, async (c) => {
    const mediaId = findMedia(c, 'project.update');
    const body = await readAttributes(c, MediaAttributesBody);
    attributes.setMedia(mediaId, body.attributes, (c.get('auth') as RequestAuth).user.id);
    return c.json({ attributes: attributes.media(mediaId) });
  });

  return routes;
}

/** `GET`/`PUT /api/projects/:id/speaker-attributes`: the slice attributes of a project's speakers (owners set them). */
export function speakerAttributeRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const attributes = new SliceAttributeStore(deps.db, deps.now === undefined ? {} : { now: deps.now });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, getSpeakerAttributesRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'project.read');
    return c.json({ speakers: Object.fromEntries(attributes.speakersOf(projectId)) });
  });

  serveRoute(routes, putSpeakerAttributesRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'project.update');
    const body = await readAttributes(c, SpeakerAttributesBody);
    attributes.setSpeakers(projectId, body.speakers, (c.get('auth') as RequestAuth).user.id);
    return c.json({ speakers: Object.fromEntries(attributes.speakersOf(projectId)) });
  });

  return routes;
}
