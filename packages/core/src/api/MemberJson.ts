import { z } from 'zod';
import { ProjectRoleJson } from './ProjectJson.ts';

/** A member of a project (`GET /api/projects/:id/members`, and what adding or changing one answers). */
export const MemberJson = z.object({
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: ProjectRoleJson,
  addedAt: z.int().describe('Milliseconds since the epoch.'),
});

/** {@link MemberJson} as it is on the wire. */
export type MemberJson = z.infer<typeof MemberJson>;
