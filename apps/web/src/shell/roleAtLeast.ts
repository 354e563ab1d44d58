import type { ProjectRole } from '../platform/WorkbenchContext.tsx';

const RANK: Record<ProjectRole, number> = { viewer: 0, reviewer: 1, editor: 2, owner: 3 };

/** Whether `role` is `least` or above (owner > editor > reviewer > viewer), as the server decides. */
export function roleAtLeast(role: ProjectRole | undefined, least: ProjectRole): boolean {
  return role !== undefined && RANK[role] >= RANK[least];
}
