import { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { authorizeProject } from '../authorizeProject.ts';
import { HttpError } from '../HttpError.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';
import { MemberJson, MemberListResponse, PutMemberBody, toMemberJson } from '../schemas/memberSchemas.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const listMembersRoute = apiRoute({
  id: 'listMembers', method: 'get', mountParams: ['id'], path: '/', tag: 'members', auth: true, errors: [400, 404],
  summary: "A project's members, owners first (any member).",
  success: { status: 200, schema: MemberListResponse, description: 'The members.' },
});

const getMemberRoute = apiRoute({
  id: 'getMember', method: 'get', mountParams: ['id'], path: '/{userId}', tag: 'members', auth: true, errors: [400, 404],
  summary: 'One member of a project (any member).',
  success: { status: 200, schema: MemberJson, description: 'The member.' },
});

const putMemberRoute = apiRoute({
  id: 'putMember', method: 'put', mountParams: ['id'], path: '/{userId}', tag: 'members', auth: true, body: PutMemberBody,
  errors: [400, 403, 404, 409, 413, 415, 422],
  summary: "Add an account to a project or change its role (owners); 201 when added, 200 when changed.",
  success: { status: 200, alsoStatus: 201, schema: MemberJson, description: 'The member (201: newly added).' },
});

const removeMemberRoute = apiRoute({
  id: 'removeMember', method: 'delete', mountParams: ['id'], path: '/{userId}', tag: 'members', auth: true, errors: [400, 403, 404, 409],
  summary: 'Remove a member (owners), or leave a project (yourself).',
  success: { status: 204, description: 'Removed.' },
});

/**
 * A project's members, mounted at `/api/projects/:id/members`: everyone in the project reads the list; owners
 * add, change and remove members; any member may remove themself (leave). A project keeps at least one owner
 * (409 `last-owner`).
 */
export function memberRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const routes = new OpenAPIHono<AppEnv>();

  serveRoute(routes, listMembersRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    authorizeProject(c, projects, projectId, 'members.read');
    return c.json({ members: projects.listMembers(projectId).map(toMemberJson) });
  });

  serveRoute(routes, getMemberRoute, (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    const userId = readIdParam(c, 'userId', 'user');
    authorizeProject(c, projects, projectId, 'members.read');
    return c.json(findMember(projectId, userId));
  });

  serveRoute(routes, putMemberRoute, async (c) => {
    const projectId = readIdParam(c, 'id', 'project');
    const userId = readIdParam(c, 'userId', 'user');
    authorizeProject(c, projects, projectId, 'members.manage');
    const { role } = await readJson(c, PutMemberBody);
    const isNew = projects.projectRole(userId, projectId) === undefined;
    return c.json(toMemberJson(projects.addMember(projectId, userId, role)), isNew ? 201 : 200);
  });

  serveRoute(routes, removeMemberRoute, (c) => {
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
