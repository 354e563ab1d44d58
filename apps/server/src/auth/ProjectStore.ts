import { randomUUID } from 'node:crypto';
import { DEFAULT_REVIEW_THRESHOLD } from '@verbatim/core';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { Emitter, type Event } from '../queue/Emitter.ts';
import { AuthError } from './AuthError.ts';
import { checkName } from './checkName.ts';
import { decideAccess, type AccessDecision } from './decideAccess.ts';
import type { Principal } from './Principal.ts';
import type { ProjectAction } from './ProjectAction.ts';
import { isProjectRole, type ProjectRole } from './ProjectRole.ts';

/** A project: the unit that media, jobs, transcripts and members belong to. */
export interface Project {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  /** Words whose confidence is below this (0..1) are flagged for review in the workbench; 0.6 unless changed. */
  readonly reviewThreshold: number;
}

/** The fields {@link ProjectStore#updateProject} may change; absent ones stay as they are. */
export interface ProjectChanges {
  readonly name?: string;
  readonly reviewThreshold?: number;
}

/** A member of a project, with enough of the account to show in a member list. */
export interface ProjectMember {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: ProjectRole;
  readonly addedAt: number;
}

/** Options for {@link ProjectStore}. */
export interface ProjectStoreOptions {
  /** Clock in milliseconds since the epoch; tests inject one. */
  readonly now?: () => number;
}

interface ProjectRow {
  id: string;
  name: string;
  created_at: number;
  review_threshold: number;
}

const PROJECT_COLUMNS = 'projects.id, projects.name, projects.created_at, projects.review_threshold';

interface MemberRow {
  user_id: string;
  email: string;
  display_name: string;
  role: ProjectRole;
  added_at: number;
}

/**
 * Projects and their members over the `projects` and `project_members` tables, and the one place access to a
 * project is decided ({@link authorize}). A project always keeps at least one owner.
 *
 * @example
 * const project = projects.createProject('Oral history 2025', owner.id);
 * projects.addMember(project.id, colleague.id, 'reviewer');
 * const decision = projects.authorize(principal, project.id, 'transcript.edit');
 * if (!decision.allowed) respond(decision.reason);
 */
export class ProjectStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;
  readonly #onDidChangeMember = new Emitter<{ readonly projectId: string; readonly userId: string }>();

  /** Fires once a member was added, given another role or removed (after the change is committed). */
  readonly onDidChangeMember: Event<{ readonly projectId: string; readonly userId: string }> = this.#onDidChangeMember.event;

  constructor(db: SqlDatabase, options: ProjectStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  /** Creates a project with `ownerUserId` as its first owner. Throws {@link AuthError} `invalid-project-name`, `user-not-found`. */
  createProject(name: string, ownerUserId: string): Project {
    const project: Project = {
      id: randomUUID(),
      name: checkName(name, 'invalid-project-name', 'project name'),
      createdAt: this.#now(),
      reviewThreshold: DEFAULT_REVIEW_THRESHOLD,
    };
    this.#db.transaction(() => {
      this.#requireActiveUser(ownerUserId);
      this.#db
        .prepare('INSERT INTO projects (id, name, created_at, review_threshold) VALUES (?, ?, ?, ?)')
        .run(project.id, project.name, project.createdAt, project.reviewThreshold);
      this.#db
        .prepare(`INSERT INTO project_members (project_id, user_id, role, added_at) VALUES (?, ?, 'owner', ?)`)
        .run(project.id, ownerUserId, project.createdAt);
    })();
    return project;
  }

  /** The project with this id, or undefined. Does not check access: call {@link authorize} first. */
  getProject(projectId: string): Project | undefined {
    const row = this.#db.prepare<[string], ProjectRow>(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE id = ?`).get(projectId);
    return row === undefined ? undefined : projectFromRow(row);
  }

  /** Renames a project. Throws {@link AuthError} `invalid-project-name`, `project-not-found`. */
  renameProject(projectId: string, name: string): Project {
    return this.updateProject(projectId, { name });
  }

  /**
   * Changes a project's name and/or review threshold, both or neither (then it only checks the project exists).
   * Throws {@link AuthError} `invalid-project-name`, `invalid-review-threshold` (not a number from 0 to 1),
   * `project-not-found`.
   */
  updateProject(projectId: string, changes: ProjectChanges): Project {
    const name = changes.name === undefined ? undefined : checkName(changes.name, 'invalid-project-name', 'project name');
    const threshold = changes.reviewThreshold;
    if (threshold !== undefined && !(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) {
      throw new AuthError('invalid-review-threshold', `The review threshold must be a confidence from 0 to 1, not ${String(threshold)}.`);
    }
    const update = this.#db.transaction((): Project => {
      if (this.getProject(projectId) === undefined) throw projectNotFound(projectId);
      if (name !== undefined) this.#db.prepare('UPDATE projects SET name = ? WHERE id = ?').run(name, projectId);
      if (threshold !== undefined) this.#db.prepare('UPDATE projects SET review_threshold = ? WHERE id = ?').run(threshold, projectId);
      return this.getProject(projectId)!;
    });
    return update.immediate();
  }

  /** The projects an account is a member of, with its role in each, by name. */
  listProjectsForUser(userId: string): Array<{ project: Project; role: ProjectRole }> {
    return this.#db
      .prepare<[string], ProjectRow & { role: ProjectRole }>(
        `SELECT ${PROJECT_COLUMNS}, project_members.role
         FROM project_members JOIN projects ON projects.id = project_members.project_id
         WHERE project_members.user_id = ? ORDER BY projects.name, projects.id`,
      )
      .all(userId)
      .map((row) => ({ project: projectFromRow(row), role: row.role }));
  }

  /** Every project, by name; for instance administration, not for showing content. */
  listAllProjects(): Project[] {
    return this.#db.prepare<[], ProjectRow>(`SELECT ${PROJECT_COLUMNS} FROM projects ORDER BY name, id`).all().map(projectFromRow);
  }

  /** The account's role in the project, or undefined when it is not a member (or either does not exist). */
  projectRole(userId: string, projectId: string): ProjectRole | undefined {
    return this.#db
      .prepare<[string, string], { role: ProjectRole }>('SELECT role FROM project_members WHERE project_id = ? AND user_id = ?')
      .get(projectId, userId)?.role;
  }

  /** A project's members, owners first, then by email. */
  listMembers(projectId: string): ProjectMember[] {
    return this.#db
      .prepare<[string], MemberRow>(
        `SELECT project_members.user_id, users.email, users.display_name, project_members.role, project_members.added_at
         FROM project_members JOIN users ON users.id = project_members.user_id
         WHERE project_members.project_id = ?
         ORDER BY CASE project_members.role WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 WHEN 'reviewer' THEN 2 ELSE 3 END, users.email`,
      )
      .all(projectId)
      .map((row) => ({ userId: row.user_id, email: row.email, displayName: row.display_name, role: row.role, addedAt: row.added_at }));
  }

  /**
   * Makes an account a member with `role`, or changes the role of an existing member. Throws
   * {@link AuthError} `invalid-role`, `project-not-found`, `user-not-found`, or `last-owner` when this would
   * demote the project's only owner.
   */
  addMember(projectId: string, userId: string, role: ProjectRole): ProjectMember {
    if (!isProjectRole(role)) {
      throw new AuthError('invalid-role', `"${String(role)}" is not a role; use owner, editor, reviewer or viewer.`);
    }
    const change = this.#db.transaction(() => {
      if (this.getProject(projectId) === undefined) throw projectNotFound(projectId);
      this.#requireActiveUser(userId);
      const current = this.projectRole(userId, projectId);
      if (current === 'owner' && role !== 'owner') this.#keepAnotherOwner(projectId);
      if (current === undefined) {
        this.#db
          .prepare('INSERT INTO project_members (project_id, user_id, role, added_at) VALUES (?, ?, ?, ?)')
          .run(projectId, userId, role, this.#now());
      } else if (current !== role) {
        this.#db.prepare('UPDATE project_members SET role = ? WHERE project_id = ? AND user_id = ?').run(role, projectId, userId);
      }
      return this.listMembers(projectId).find((member) => member.userId === userId)!;
    });
    const member = change.immediate();
    this.#onDidChangeMember.fire({ projectId, userId });
    return member;
  }

  /**
   * Removes an account from a project; returns whether it was a member. Throws {@link AuthError} `last-owner`
   * when it is the project's only owner (add another owner first).
   */
  removeMember(projectId: string, userId: string): boolean {
    const remove = this.#db.transaction(() => {
      const current = this.projectRole(userId, projectId);
      if (current === undefined) return false;
      if (current === 'owner') this.#keepAnotherOwner(projectId);
      this.#db.prepare('DELETE FROM project_members WHERE project_id = ? AND user_id = ?').run(projectId, userId);
      return true;
    });
    const removed = remove.immediate();
    if (removed) this.#onDidChangeMember.fire({ projectId, userId });
    return removed;
  }

  /**
   * Deletes a project and, through the schema's cascades, everything in it: members, media rows, jobs, transcripts
   * with their documents and reviews, vocabulary and plugin choices. `inTransaction` runs first, in the same write
   * transaction (to collect what must go from disk once the rows are gone), and its result is returned. After the
   * commit every former member counts as removed (`onDidChangeMember`), so open connections are checked again.
   * Throws {@link AuthError} `project-not-found`.
   */
  deleteProject<T>(projectId: string, inTransaction: () => T = () => undefined as T): T {
    const remove = this.#db.transaction(() => {
      if (this.getProject(projectId) === undefined) throw projectNotFound(projectId);
      const members = this.listMembers(projectId).map((m) => m.userId);
      const result = inTransaction();
      this.#db.prepare('DELETE FROM projects WHERE id = ?').run(projectId);
      return { members, result };
    });
    const { members, result } = remove.immediate();
    for (const userId of members) this.#onDidChangeMember.fire({ projectId, userId });
    return result;
  }

  /**
   * Decides whether `principal` (undefined when the request carried no valid credentials) may perform `action`
   * in the project; see {@link decideAccess} for the reasons and the rule for administrators. An unknown project
   * reads as `not-member`, so callers cannot probe which ids exist.
   */
  authorize(principal: Principal | undefined, projectId: string, action: ProjectAction): AccessDecision {
    const role = principal === undefined ? undefined : this.projectRole(principal.userId, projectId);
    return decideAccess(principal, role, action);
  }

  #keepAnotherOwner(projectId: string): void {
    const owners = this.#db
      .prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM project_members WHERE project_id = ? AND role = 'owner'`)
      .get(projectId)!.n;
    if (owners <= 1) {
      throw new AuthError('last-owner', 'A project needs at least one owner: make someone else an owner first.');
    }
  }

  #requireActiveUser(userId: string): void {
    if (this.#db.prepare('SELECT 1 FROM users WHERE id = ? AND disabled_at IS NULL').get(userId) === undefined) {
      throw new AuthError('user-not-found', `There is no active account with id ${userId}.`);
    }
  }
}

function projectFromRow(row: ProjectRow): Project {
  return { id: row.id, name: row.name, createdAt: row.created_at, reviewThreshold: row.review_threshold };
}

function projectNotFound(projectId: string): AuthError {
  return new AuthError('project-not-found', `There is no project with id ${projectId}.`);
}
