import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase.ts';
import { AccountStore } from './AccountStore.ts';
import { AuthError } from './AuthError.ts';
import { PROJECT_ACTIONS, type ProjectAction } from './ProjectAction.ts';
import { PROJECT_ROLES, roleAtLeast, type ProjectRole } from './ProjectRole.ts';
import { ProjectStore } from './ProjectStore.ts';
import type { Principal } from './Principal.ts';
import type { User } from './User.ts';

// Written out by hand rather than derived from PROJECT_ACTION_ROLES, so a changed table fails here.
const EXPECTED: Record<ProjectAction, readonly ProjectRole[]> = {
  'project.read': ['viewer', 'reviewer', 'editor', 'owner'],
  'project.update': ['owner'],
  'project.delete': ['owner'],
  'members.read': ['viewer', 'reviewer', 'editor', 'owner'],
  'members.manage': ['owner'],
  'media.read': ['viewer', 'reviewer', 'editor', 'owner'],
  'media.upload': ['editor', 'owner'],
  'media.delete': ['owner'],
  'job.read': ['viewer', 'reviewer', 'editor', 'owner'],
  'job.create': ['editor', 'owner'],
  'job.cancel': ['editor', 'owner'],
  'transcript.read': ['viewer', 'reviewer', 'editor', 'owner'],
  'transcript.export': ['viewer', 'reviewer', 'editor', 'owner'],
  'transcript.review': ['reviewer', 'editor', 'owner'],
  'transcript.edit': ['editor', 'owner'],
  'transcript.delete': ['owner'],
  'vocabulary.manage': ['editor', 'owner'],
  'review.configure': ['editor', 'owner'],
  'plugins.manage': ['owner'],
  'live.read': ['viewer', 'reviewer', 'editor', 'owner'],
  'live.start': ['editor', 'owner'],
  'live.manage': ['editor', 'owner'],
};

let dir: string;
let db: Database;
let accounts: AccountStore;
let projects: ProjectStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'verbatim-projects-'));
  db = openDatabase(join(dir, 'verbatim.db'));
  accounts = new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } });
  projects = new ProjectStore(db, { now: () => 5 });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function makeUser(name: string, isAdmin = false): Promise<User> {
  return accounts.createUser({ email: `${name}@example.org`, password: `${name} password 1`, displayName: name, isAdmin });
}

function principalOf(user: User): Principal {
  return { userId: user.id, isAdmin: user.isAdmin, via: 'session', credentialId: 'test' };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    return (error as AuthError).code;
  }
  return undefined;
}

describe('roleAtLeast', () => {
  it('orders viewer < reviewer < editor < owner, with no role below all', () => {
    for (const [i, role] of PROJECT_ROLES.entries()) {
      for (const [j, required] of PROJECT_ROLES.entries()) expect(roleAtLeast(role, required)).toBe(i >= j);
      expect(roleAtLeast(undefined, role)).toBe(false);
    }
  });
});

describe('ProjectStore', () => {
  it('authorises every role for every action as the table says', async () => {
    expect([...PROJECT_ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    const owner = await makeUser('owner');
    const project = projects.createProject('Matrix', owner.id);
    const members: Record<ProjectRole, User> = {
      owner,
      editor: await makeUser('editor'),
      reviewer: await makeUser('reviewer'),
      viewer: await makeUser('viewer'),
    };
    for (const role of ['editor', 'reviewer', 'viewer'] as const) projects.addMember(project.id, members[role].id, role);

    for (const role of PROJECT_ROLES) {
      expect(projects.projectRole(members[role].id, project.id)).toBe(role);
      for (const action of PROJECT_ACTIONS) {
        const decision = projects.authorize(principalOf(members[role]), project.id, action);
        const allowed = EXPECTED[action].includes(role);
        expect({ role, action, allowed: decision.allowed }).toEqual({ role, action, allowed });
        if (decision.allowed) expect(decision.role).toBe(role);
        else expect(decision).toMatchObject({ reason: 'insufficient-role', role, required: EXPECTED[action][0] });
      }
    }
  });

  it('gives strangers, anonymous callers and admins no access, and hides which projects exist', async () => {
    const owner = await makeUser('owner');
    const stranger = await makeUser('stranger');
    const admin = await makeUser('admin', true);
    const project = projects.createProject('Private', owner.id);
    for (const action of PROJECT_ACTIONS) {
      expect(projects.authorize(undefined, project.id, action)).toEqual({ allowed: false, reason: 'unauthenticated' });
      expect(projects.authorize(principalOf(stranger), project.id, action)).toEqual({ allowed: false, reason: 'not-member' });
      expect(projects.authorize(principalOf(admin), project.id, action)).toEqual({ allowed: false, reason: 'not-member' });
      expect(projects.authorize(principalOf(owner), 'no-such-project', action)).toEqual({ allowed: false, reason: 'not-member' });
    }
    // an admin gets access the visible way: by becoming a member
    projects.addMember(project.id, admin.id, 'viewer');
    expect(projects.authorize(principalOf(admin), project.id, 'transcript.read').allowed).toBe(true);
    expect(() => projects.authorize(principalOf(owner), project.id, 'transcript.burn' as ProjectAction)).toThrow(AuthError);
  });

  it('never removes or demotes the last owner', async () => {
    const first = await makeUser('first');
    const second = await makeUser('second');
    const project = projects.createProject('Owned', first.id);

    expect(codeOf(() => projects.removeMember(project.id, first.id))).toBe('last-owner');
    for (const role of ['editor', 'reviewer', 'viewer'] as const) {
      expect(codeOf(() => projects.addMember(project.id, first.id, role))).toBe('last-owner');
    }
    expect(projects.projectRole(first.id, project.id)).toBe('owner');

    projects.addMember(project.id, second.id, 'owner');
    expect(projects.addMember(project.id, first.id, 'editor').role).toBe('editor');
    expect(codeOf(() => projects.addMember(project.id, second.id, 'viewer'))).toBe('last-owner');
    expect(codeOf(() => projects.removeMember(project.id, second.id))).toBe('last-owner');
    expect(projects.removeMember(project.id, first.id)).toBe(true);
    expect(projects.removeMember(project.id, first.id)).toBe(false);
    expect(projects.listMembers(project.id).map((m) => [m.displayName, m.role])).toEqual([['second', 'owner']]);
  });

  it('adds, re-roles and lists members and their projects', async () => {
    const owner = await makeUser('olga');
    const eve = await makeUser('eve');
    const alpha = projects.createProject('  Alpha  ', owner.id);
    const beta = projects.createProject('Beta', owner.id);
    expect(alpha).toEqual({ id: alpha.id, name: 'Alpha', createdAt: 5, reviewThreshold: 0.6 });

    expect(projects.addMember(alpha.id, eve.id, 'viewer')).toEqual({ userId: eve.id, email: 'eve@example.org', displayName: 'eve', role: 'viewer', addedAt: 5 });
    expect(projects.addMember(alpha.id, eve.id, 'editor').role).toBe('editor');
    expect(projects.listMembers(alpha.id).map((m) => m.role)).toEqual(['owner', 'editor']);
    expect(projects.listProjectsForUser(eve.id)).toEqual([{ project: alpha, role: 'editor' }]);
    expect(projects.listProjectsForUser(owner.id).map((p) => p.project.name)).toEqual(['Alpha', 'Beta']);
    expect(projects.listAllProjects()).toEqual([alpha, beta]);
    expect(projects.renameProject(beta.id, 'Gamma').name).toBe('Gamma');
  });

  it('names what is wrong with a membership change', async () => {
    const owner = await makeUser('owner');
    const project = projects.createProject('Checks', owner.id);
    expect(codeOf(() => projects.addMember(project.id, owner.id, 'admin' as ProjectRole))).toBe('invalid-role');
    expect(codeOf(() => projects.addMember('missing', owner.id, 'viewer'))).toBe('project-not-found');
    expect(codeOf(() => projects.addMember(project.id, 'missing', 'viewer'))).toBe('user-not-found');
    expect(codeOf(() => projects.createProject('', owner.id))).toBe('invalid-project-name');
    expect(codeOf(() => projects.createProject('Orphan', 'missing'))).toBe('user-not-found');
    expect(codeOf(() => projects.renameProject('missing', 'x'))).toBe('project-not-found');
    // the database itself refuses a role outside the four
    expect(() => db.prepare(`UPDATE project_members SET role = 'admin'`).run()).toThrow(/CHECK/);
  });

  it('sets the review threshold from 0 to 1, with or without a new name, all or nothing', async () => {
    const owner = await makeUser('owner');
    const project = projects.createProject('Thresholds', owner.id);
    expect(projects.updateProject(project.id, { reviewThreshold: 0.25 })).toEqual({ ...project, reviewThreshold: 0.25 });
    expect(projects.updateProject(project.id, { name: 'Renamed', reviewThreshold: 1 })).toMatchObject({ name: 'Renamed', reviewThreshold: 1 });
    expect(projects.updateProject(project.id, {})).toMatchObject({ name: 'Renamed', reviewThreshold: 1 });
    for (const bad of [-0.01, 1.01, Number.NaN, '0.5' as unknown as number]) {
      expect(codeOf(() => projects.updateProject(project.id, { name: 'Not this', reviewThreshold: bad }))).toBe('invalid-review-threshold');
    }
    expect(codeOf(() => projects.updateProject(project.id, { name: '', reviewThreshold: 0.5 }))).toBe('invalid-project-name');
    expect(projects.getProject(project.id)).toMatchObject({ name: 'Renamed', reviewThreshold: 1 });
    expect(codeOf(() => projects.updateProject('missing', { reviewThreshold: 0.5 }))).toBe('project-not-found');
    // the database itself refuses a threshold outside 0..1
    expect(() => db.prepare('UPDATE projects SET review_threshold = 2').run()).toThrow(/CHECK/);
  });
});
