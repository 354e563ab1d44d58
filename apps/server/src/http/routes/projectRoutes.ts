import { Hono } from 'hono';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { authorizeProject, projectNotFound } from '../authorizeProject.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';
import { CreateProjectBody, toProjectJson, UpdateProjectBody } from '../schemas/projectSchemas.ts';
import { memberRoutes } from './memberRoutes.ts';

/**
 * Projects, mounted at `/api/projects`: `GET /` (the caller's), `POST /` (the caller becomes owner),
 * `GET /:id`, `PATCH /:id` (the name: owners; the review threshold: editors and owners), `DELETE /:id` (owners: the
 * project with all its recordings, transcripts, jobs and members; the recordings' files after the commit), and the
 * member routes under `/:id/members`.
 */
export function projectRoutes(deps: AppDeps): Hono<AppEnv> {
  const { projects } = deps;
  const routes = new Hono<AppEnv>();
  routes.use(requireAuth());

  routes.get('/', (c) => {
    const { user } = c.get('auth') as RequestAuth;
    return c.json({ projects: projects.listProjectsForUser(user.id).map(({ project, role }) => toProjectJson(project, role)) });
  });

  routes.post('/', async (c) => {
    const { user } = c.get('auth') as RequestAuth;
    const { name } = await readJson(c, CreateProjectBody);
    return c.json(toProjectJson(projects.createProject(name, user.id), 'owner'), 201);
  });

  routes.get('/:id', (c) => {
    const id = readIdParam(c, 'id', 'project');
    const role = authorizeProject(c, projects, id, 'project.read');
    const project = projects.getProject(id);
    if (project === undefined) throw projectNotFound(id);
    return c.json(toProjectJson(project, role));
  });

  routes.patch('/:id', async (c) => {
    const id = readIdParam(c, 'id', 'project');
    // the least any change needs, before the body is read, so a viewer learns nothing from validation
    const role = authorizeProject(c, projects, id, 'review.configure');
    const body = await readJson(c, UpdateProjectBody);
    if (body.name !== undefined) authorizeProject(c, projects, id, 'project.update');
    const project = projects.updateProject(id, body);
    return c.json(toProjectJson(project, role));
  });

  routes.delete('/:id', (c) => {
    const id = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, id, 'project.delete');
    deps.content.removeProject(id);
    return c.body(null, 204);
  });

  routes.route('/:id/members', memberRoutes(deps));
  return routes;
}
