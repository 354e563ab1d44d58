import type { ProjectRole } from './ProjectRole.ts';

/**
 * The least role each project action needs; the single table every REST route, WebSocket room and media URL
 * checks through `ProjectStore#authorize`. Destroying what others made (media, transcripts, the project) and
 * managing members and choosing the project's plugins are the owner's; creating and correcting, and setting the
 * confidence below which words are flagged for review, and starting and stopping live captioning, are the editor's;
 * reading (live captions included) is everyone's.
 */
export const PROJECT_ACTION_ROLES = Object.freeze({
  'project.read': 'viewer',
  'project.update': 'owner',
  'project.delete': 'owner',
  'members.read': 'viewer',
  'members.manage': 'owner',
  'media.read': 'viewer',
  'media.upload': 'editor',
  'media.delete': 'owner',
  'job.read': 'viewer',
  'job.create': 'editor',
  'job.cancel': 'editor',
  'transcript.read': 'viewer',
  'transcript.export': 'viewer',
  'transcript.review': 'reviewer',
  'transcript.edit': 'editor',
  'transcript.delete': 'owner',
  'vocabulary.manage': 'editor',
  'review.configure': 'editor',
  'plugins.manage': 'owner',
  'live.read': 'viewer',
  'live.start': 'editor',
  'live.manage': 'editor',
} as const satisfies Record<string, ProjectRole>);

/** Something a caller may try to do inside a project, e.g. `'transcript.edit'`. */
export type ProjectAction = keyof typeof PROJECT_ACTION_ROLES;

/** Every {@link ProjectAction}, in table order. */
export const PROJECT_ACTIONS = Object.freeze(Object.keys(PROJECT_ACTION_ROLES) as ProjectAction[]);

/** True when `value` names a {@link ProjectAction}. */
export function isProjectAction(value: unknown): value is ProjectAction {
  return typeof value === 'string' && Object.hasOwn(PROJECT_ACTION_ROLES, value);
}
