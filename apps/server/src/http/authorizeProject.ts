import type { Context } from 'hono';
import type { ProjectAction } from '../auth/ProjectAction.ts';
import type { ProjectRole } from '../auth/ProjectRole.ts';
import type { ProjectStore } from '../auth/ProjectStore.ts';
import type { AppEnv } from './AppEnv.ts';
import { HttpError } from './HttpError.ts';
import { unauthenticated } from './middleware/requireAuth.ts';

/**
 * The caller's role in the project if it may perform `action` there; otherwise throws 401 `unauthenticated`,
 * 404 `project-not-found` for a non-member (the same answer as for an id that does not exist, so ids do not leak)
 * or 403 `insufficient-role` naming the role needed. The decision is `ProjectStore#authorize`'s.
 */
export function authorizeProject(c: Context<AppEnv>, projects: ProjectStore, projectId: string, action: ProjectAction): ProjectRole {
  const decision = projects.authorize(c.get('auth')?.principal, projectId, action);
  if (decision.allowed) return decision.role;
  switch (decision.reason) {
    case 'unauthenticated':
      throw unauthenticated();
    case 'not-member':
      throw projectNotFound(projectId);
    case 'insufficient-role':
      throw new HttpError(
        403,
        'insufficient-role',
        `Your role in this project is ${decision.role}; this needs ${decision.required}${decision.required === 'owner' ? '' : ' or above'}.`,
      );
  }
}

/** 404 for a project that does not exist or that the caller is not a member of. */
export function projectNotFound(projectId: string): HttpError {
  return new HttpError(404, 'project-not-found', `There is no project ${projectId} that you are a member of.`);
}
