/** Project roles from least to most trusted; each includes everything the ones before it may do. */
export const PROJECT_ROLES = ['viewer', 'reviewer', 'editor', 'owner'] as const;

/**
 * What a member may do in one project: a `viewer` reads, listens and exports; a `reviewer` also marks words
 * reviewed; an `editor` also corrects text, uploads media and runs jobs; an `owner` also manages members and
 * the project itself.
 */
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** True when `value` is one of {@link PROJECT_ROLES} (for validating input). */
export function isProjectRole(value: unknown): value is ProjectRole {
  return typeof value === 'string' && (PROJECT_ROLES as readonly string[]).includes(value);
}

/**
 * True when `role` is `required` or above it. No role (not a member) is below every role.
 *
 * @example
 * roleAtLeast('editor', 'reviewer'); // true
 * roleAtLeast('viewer', 'reviewer'); // false
 */
export function roleAtLeast(role: ProjectRole | undefined, required: ProjectRole): boolean {
  return role !== undefined && PROJECT_ROLES.indexOf(role) >= PROJECT_ROLES.indexOf(required);
}
