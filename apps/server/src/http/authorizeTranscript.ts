import type { Context } from 'hono';
import type { ProjectAction } from '../auth/ProjectAction.ts';
import type { ProjectRole } from '../auth/ProjectRole.ts';
import type { ProjectStore } from '../auth/ProjectStore.ts';
import type { TranscriptRecord, TranscriptStore } from '../transcripts/TranscriptStore.ts';
import type { AppEnv } from './AppEnv.ts';
import { HttpError } from './HttpError.ts';
import { unauthenticated } from './middleware/requireAuth.ts';
import { readIdParam } from './readIdParam.ts';

/**
 * The transcript named by the `:id` path parameter and the caller's role in its project, if the caller may perform
 * `action` there; otherwise throws 400 `invalid-id`, 401 `unauthenticated`, 404 `transcript-not-found` (for an
 * unknown id and a non-member alike, so ids do not leak) or 403 `insufficient-role` naming the role needed.
 */
export function authorizeTranscript(
  c: Context<AppEnv>,
  projects: ProjectStore,
  transcripts: TranscriptStore,
  action: ProjectAction,
): { record: TranscriptRecord; role: ProjectRole } {
  const id = readIdParam(c, 'id', 'transcript');
  const record = transcripts.get(id);
  if (record === undefined) throw transcriptNotFound(id);
  const decision = projects.authorize(c.get('auth')?.principal, record.projectId, action);
  if (decision.allowed) return { record, role: decision.role };
  if (decision.reason === 'unauthenticated') throw unauthenticated();
  if (decision.reason === 'not-member') throw transcriptNotFound(id);
  throw new HttpError(403, 'insufficient-role', `Your role in this project is ${decision.role}; this needs ${decision.required}${decision.required === 'owner' ? '' : ' or above'}.`);
}

/** 404 for a transcript that does not exist or lies in a project the caller is not a member of. */
export function transcriptNotFound(id: string): HttpError {
  return new HttpError(404, 'transcript-not-found', `There is no transcript ${id} in a project you are a member of.`);
}
