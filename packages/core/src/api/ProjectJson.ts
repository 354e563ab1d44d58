import { z } from 'zod';

/** A role in a project, least to most: what the server sends and the workbench reads. */
export const ProjectRoleJson = z.enum(['viewer', 'reviewer', 'editor', 'owner']);

/** A project with the caller's role in it (`GET /api/projects`, `GET /api/projects/:id`, the memberships of `GET /api/me`). */
export const ProjectJson = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.int().describe('Milliseconds since the epoch.'),
  role: ProjectRoleJson.describe("The caller's role in this project."),
  reviewThreshold: z
    .number()
    .min(0)
    .max(1)
    .describe('Words whose confidence is below this are flagged for review (derived, never stored per word); 0.6 unless changed.'),
});

/** {@link ProjectJson} as it is on the wire. */
export type ProjectJson = z.infer<typeof ProjectJson>;
/** {@link ProjectRoleJson} as it is on the wire. */
export type ProjectRoleJson = z.infer<typeof ProjectRoleJson>;
