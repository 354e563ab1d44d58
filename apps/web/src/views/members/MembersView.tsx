import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { type ProjectRole, useWorkbench } from '../../platform/WorkbenchContext.tsx';
import type { MemberJson } from '../../shell/ApiJson.ts';
import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import { ProjectNameForm } from './ProjectNameForm.tsx';

const ROLES: readonly ProjectRole[] = ['owner', 'editor', 'reviewer', 'viewer'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A project's settings editor: its name and its members (GET /api/projects/:id/members). Owners add members by email
 * (or account id) with a role, change roles and remove members; everyone else sees the list read-only and may leave.
 */
export function MembersView({ projectId }: { projectId: string }) {
  const { api, notify, user } = useWorkbench();
  const { projects, layout } = useShell();
  useRerenderOn(projects.onDidChange);
  const project = projects.project(projectId);
  const isOwner = roleAtLeast(project?.role, 'owner');
  const [members, setMembers] = useState<MemberJson[]>();
  const [error, setError] = useState<string>();
  const [who, setWho] = useState('');
  const [role, setRole] = useState<ProjectRole>('editor');
  const [busy, setBusy] = useState(false);
  const base = `/api/projects/${projectId}/members`;

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const answer = await api.get<{ members: MemberJson[] }>(base, signal);
        setMembers(answer.members);
        setError(undefined);
      } catch (err) {
        if (!signal?.aborted) setError(err instanceof Error ? err.message : String(err));
      }
    },
    [api, base],
  );

  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [load]);

  const act = async (what: string, run: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await run();
      await load();
      return true;
    } catch (err) {
      notify('error', `${what}: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const value = who.trim();
    if (!value) return;
    const added = await act(`${value} could not be added`, async () => {
      if (UUID.test(value)) return api.put(`${base}/${value.toLowerCase()}`, { role });
      // owners find a colleague's account by its exact email address (GET /api/users?email=), then add it
      const { users } = await api.get<{ users: { id: string }[] }>(`/api/users?email=${encodeURIComponent(value)}`);
      const user = users[0];
      if (!user) throw new Error(`there is no active account with the email ${value}; an administrator creates accounts`);
      return api.put(`${base}/${user.id}`, { role });
    });
    if (added) setWho('');
  };

  const leave = async (member: MemberJson) => {
    const ok = await act('You could not leave the project', () => api.delete(`${base}/${member.userId}`));
    if (ok) {
      layout.closeEditor(`members:${projectId}`);
      await projects.loadProjects();
    }
  };

  return (
    <div className="settings-editor">
      <h1>{project?.name ?? 'Project'}</h1>
      {project && isOwner && <ProjectNameForm project={project} />}
      <section className="members-view" data-testid="members-view" aria-labelledby={`members-${projectId}`}>
        <h2 id={`members-${projectId}`}>Members</h2>
        {!isOwner && <p className="hint">Only the project's owners can add members or change roles.</p>}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {!members && !error && <p className="empty">Loading members…</p>}
        {members && (
          <table className="members-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.userId} data-testid="member-row" data-user-id={m.userId}>
                  <td>
                    {m.displayName}
                    {m.userId === user.id && <span className="dim"> (you)</span>}
                  </td>
                  <td>{m.email}</td>
                  <td>
                    {isOwner ? (
                      <select
                        data-testid="member-role"
                        aria-label={`Role of ${m.displayName}`}
                        value={m.role}
                        disabled={busy}
                        onChange={(e) => void act(`The role of ${m.displayName} could not be changed`, () => api.put(`${base}/${m.userId}`, { role: e.target.value }))}
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    ) : (
                      m.role
                    )}
                  </td>
                  <td>
                    {m.userId === user.id ? (
                      <button type="button" disabled={busy} onClick={() => void leave(m)}>
                        Leave
                      </button>
                    ) : (
                      isOwner && (
                        <button
                          type="button"
                          data-testid="member-remove"
                          disabled={busy}
                          onClick={() => void act(`${m.displayName} could not be removed`, () => api.delete(`${base}/${m.userId}`))}
                        >
                          Remove
                        </button>
                      )
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {isOwner && (
          <form className="member-add" onSubmit={add}>
            <input
              data-testid="member-email"
              aria-label="Email address or account id of the new member"
              placeholder="Email address or account id"
              value={who}
              onChange={(e) => setWho(e.target.value)}
            />
            <select data-testid="member-add-role" aria-label="Role of the new member" value={role} onChange={(e) => setRole(e.target.value as ProjectRole)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <button data-testid="member-add" type="submit" className="primary" disabled={busy || !who.trim()}>
              Add
            </button>
          </form>
        )}
      </section>
    </div>
  );
}
