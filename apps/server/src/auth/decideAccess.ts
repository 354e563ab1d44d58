import { AuthError } from './AuthError.ts';
import { isProjectAction, PROJECT_ACTION_ROLES, type ProjectAction } from './ProjectAction.ts';
import { roleAtLeast, type ProjectRole } from './ProjectRole.ts';
import type { Principal } from './Principal.ts';

/**
 * Whether a caller may perform an action, and if not, why: `unauthenticated` (HTTP 401), `not-member`
 * (answer 404, so project ids do not leak) or `insufficient-role` (403).
 */
export type AccessDecision =
  | { readonly allowed: true; readonly role: ProjectRole }
  | { readonly allowed: false; readonly reason: 'unauthenticated' }
  | { readonly allowed: false; readonly reason: 'not-member' }
  | { readonly allowed: false; readonly reason: 'insufficient-role'; readonly role: ProjectRole; readonly required: ProjectRole };

/**
 * Decides `action` for a caller whose role in the project is `role` (undefined: not a member).
 *
 * Instance administrators are deliberately not implicit members: `isAdmin` lets an account manage accounts
 * (and add members through an explicit, logged admin route), but reading or changing a project's recordings
 * and transcripts always takes a membership, so an admin's access to content is visible in the member list.
 * Throws {@link AuthError} `unknown-action` for an action missing from {@link PROJECT_ACTION_ROLES}.
 */
export function decideAccess(principal: Principal | undefined, role: ProjectRole | undefined, action: ProjectAction): AccessDecision {
  if (!isProjectAction(action)) throw new AuthError('unknown-action', `"${String(action)}" is not a project action.`);
  if (principal === undefined) return { allowed: false, reason: 'unauthenticated' };
  if (role === undefined) return { allowed: false, reason: 'not-member' };
  const required = PROJECT_ACTION_ROLES[action];
  if (!roleAtLeast(role, required)) return { allowed: false, reason: 'insufficient-role', role, required };
  return { allowed: true, role };
}
