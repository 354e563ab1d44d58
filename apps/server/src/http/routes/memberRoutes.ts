import { Hono } from 'hono';
import type { z } from 'zod';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { authorizeProject } from '../authorizeProject.ts';
import { HttpError } from '../HttpError.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';
import { MemberJson, PutMemberBody, toMemberJson } from '../schemas/memberSchemas.ts';

/**
 * A project's members, mounted at `/api/projects/:id/members`: everyone in the project reads the list; owners
 * add, change and remove members; any member may remove themself (leave). A project keeps at least one owner
 * (409 `last-owner`).
 */
export function memberRoutes(deps: AppDeps): Hono<AppEnv> {
  const { projects } = deps;
  const routes = new Hono<AppEnv>();

  routes.get('/', (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'members.read');
    return c.json({ members: projects.listMembers(projectId).map(toMemberJson) });
  });

  routes.get('/:userId', (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    const userId = readIdParam(c, 'userId', 'user');
    authorizeProject(c, projects, projectId, 'members.read');
    return c.json(findMember(projectId, userId));
  });

  routes.put('/:userId', async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    const userId = readIdParam(c, 'userId', 'user');
    authorizeProject(c, projects, projectId, 'members.manage');
    const { role } = await readJson(c, PutMemberBody);
    const isNew = projects.projectRole(userId, projectId) === undefined;
    return c.json(toMemberJson(projects.addMember(projectId, userId, role)), isNew ? 201 : 200);
  });

  routes.delete('/:userId', (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    const userId = readIdParam(c, 'userId', 'user');
    const leaving = (c.get('auth') as RequestAuth).user.id === userId;
    authorizeProject(c, projects, projectId, leaving ? 'project.read' : 'members.manage');
    if (!projects.removeMember(projectId, userId)) throw memberNotFound(userId);
    return c.body(null, 204);
  });

  function findMember(projectId: string, userId: string): z.infer<typeof MemberJson> {
    const member = projects.listMembers(projectId).find((m) => m.userId === userId);
    if (member === undefined) throw memberNotFound(userId);
    return toMemberJson(member);
  }

  return routes;
}

function memberNotFound(userId: string): HttpError {
  return new HttpError(404, 'member-not-found', `The account ${userId} is not a member of this project.`);
}
