import { ProjectJson, ProjectRoleJson } from '@verbatim/core/api';
import { z } from 'zod';
import { PROJECT_ROLES, type ProjectRole } from '../../auth/ProjectRole.ts';
import type { Project } from '../../auth/ProjectStore.ts';

/** A project role (declared with the project's JSON in `@verbatim/core/api`). */
export const RoleJson = ProjectRoleJson;

export { ProjectJson };

/** `GET /api/projects`. */
export const ProjectListResponse = z.object({ projects: z.array(ProjectJson) });

/** `POST /api/projects`: the caller becomes its owner. */
export const CreateProjectBody = z.strictObject({ name: z.string().max(10_000) });

/** `PATCH /api/projects/:id`: the fields to change. */
export const UpdateProjectBody = z
  .strictObject({
    name: z.string().max(10_000).optional().describe('Owners only.'),
    reviewThreshold: z.number().min(0).max(1).optional().describe('The confidence below which words are flagged for review, 0 to 1 (editors and owners).'),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one field to change (name, reviewThreshold).' })
  // zod's refinement does not reach JSON Schema; minProperties says the same to OpenAPI clients
  .meta({ minProperties: 1 });

/** {@link ProjectJson} of a project seen by a member with `role`. */
export function toProjectJson(project: Project, role: ProjectRole): z.infer<typeof ProjectJson> {
  return { id: project.id, name: project.name, createdAt: project.createdAt, role, reviewThreshold: project.reviewThreshold };
}

// Compile-time check that the wire's roles are the server's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameRoles: Same<z.infer<typeof ProjectRoleJson>, ProjectRole> = true;
void sameRoles;
