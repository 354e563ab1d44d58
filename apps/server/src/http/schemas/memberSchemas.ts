import { MemberJson } from '@verbatim/core/api';
import { z } from 'zod';
import type { ProjectMember } from '../../auth/ProjectStore.ts';
import { RoleJson } from './projectSchemas.ts';

// A member is declared in @verbatim/core/api, for the workbench that reads it too.
export { MemberJson };

/** `GET /api/projects/:id/members`. */
export const MemberListResponse = z.object({ members: z.array(MemberJson) });

/** `PUT /api/projects/:id/members/:userId`: adds the account with this role, or changes its role. */
export const PutMemberBody = z.strictObject({ role: RoleJson });

/** {@link MemberJson} of a member. */
export function toMemberJson(member: ProjectMember): z.infer<typeof MemberJson> {
  return { userId: member.userId, email: member.email, displayName: member.displayName, role: member.role, addedAt: member.addedAt };
}
