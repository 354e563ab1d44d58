import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { authorizeProject, projectNotFound } from '../authorizeProject.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';
import { CreateProjectBody, ProjectJson, ProjectListResponse, toProjectJson, UpdateProjectBody } from '../schemas/projectSchemas.ts';
import { memberRoutes } from './memberRoutes.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const listProjectsRoute = apiRoute({
  id: 'listProjects', method: 'get', path: '/', tag: 'projects', auth: true, errors: [],
  summary: 'The projects the caller is a member of, with its role in each.',
  success: { status: 200, schema: ProjectListResponse, description: 'The projects.' },
});

const createProjectRoute = apiRoute({
  id: 'createProject', method: 'post', path: '/', tag: 'projects', auth: true, body: CreateProjectBody, errors: [400, 403, 413, 415, 422],
  summary: 'Create a project; the caller becomes its owner.',
  success: { status: 201, schema: ProjectJson, description: 'Created.' },
});

const getProjectRoute = apiRoute({
  id: 'getProject', method: 'get', path: '/{id}', tag: 'projects', auth: true, errors: [400, 404],
  summary: 'A project (any member).',
  success: { status: 200, schema: ProjectJson, description: 'The project.' },
});

const updateProjectRoute = apiRoute({
  id: 'updateProject', method: 'patch', path: '/{id}', tag: 'projects', auth: true, body: UpdateProjectBody, errors: [400, 403, 404, 413, 415, 422],
  summary: 'Change a project: its name (owners) and/or its review threshold, the confidence below which words are flagged (editors and owners).',
  success: { status: 200, schema: ProjectJson, description: 'The changed project.' },
});

const deleteProjectRoute = apiRoute({
  id: 'deleteProject', method: 'delete', path: '/{id}', tag: 'projects', auth: true, errors: [400, 403, 404],
  summary:
    'Delete a project (owners) and everything in it, in one transaction: its recordings with their audio and peaks files (removed after the commit, unless another project shares the bytes), transcripts with their edits and reviews, jobs, vocabulary, plugin choices and members. Afterwards every route of it answers 404.',
  success: { status: 204, description: 'Deleted.' },
});

/**
 * Projects, mounted at `/api/projects`: `GET /` (the caller's), `POST /` (the caller becomes owner),
 * `GET /:id`, `PATCH /:id` (the name: owners; the review threshold: editors and owners), `DELETE /:id` (owners: the
 * project with all its recordings, transcripts, jobs and members; the recordings' files after the commit), and the
 * member routes under `/:id/members`.
 */
export function projectRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, listProjectsRoute, (c) => {
    const { user } = c.get('auth') as RequestAuth;
    return c.json({ projects: projects.listProjectsForUser(user.id).map(({ project, role }) => toProjectJson(project, role)) });
  });

  serveRoute(routes, createProjectRoute, async (c) => {
    const { user } = c.get('auth') as RequestAuth;
    const { name } = await readJson(c, CreateProjectBody);
    return c.json(toProjectJson(projects.createProject(name, user.id), 'owner'), 201);
  });

  serveRoute(routes, getProjectRoute, (c) => {
    const id = readIdParam(c, 'id', 'project');
    const role = authorizeProject(c, projects, id, 'project.read');
    const project = projects.getProject(id);
    if (project === undefined) throw projectNotFound(id);
    return c.json(toProjectJson(project, role));
  });

  serveRoute(routes, updateProjectRoute, async (c) => {
    const id = readIdParam(c, 'id', 'project');
    // the least any change needs, before the body is read, so a viewer learns nothing from validation
    const role = authorizeProject(c, projects, id, 'review.configure');
    const body = await readJson(c, UpdateProjectBody);
    if (body.name !== undefined) authorizeProject(c, projects, id, 'project.update');
    const project = projects.updateProject(id, body);
    return c.json(toProjectJson(project, role));
  });

  serveRoute(routes, deleteProjectRoute, (c) => {
    const id = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, id, 'project.delete');
    deps.content.removeProject(id);
    return c.body(null, 204);
  });

  routes.route('/:id/members', memberRoutes(deps));
  return routes;
}
