import type { ModelAliasEventJson } from '@verbatim/core/api';
import { useEffect, useState } from 'react';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import { aliasName } from './ModelBadges.tsx';
import { formatWhen, modelLabel } from './modelFormat.ts';
import { useModels } from './useModels.ts';
import './models.css';

const ACTIONS: Record<ModelAliasEventJson['action'], string> = { set: 'set', promote: 'promoted', rollback: 'rolled back', clear: 'cleared' };

/**
 * The alias history (`GET /api/model-aliases/history`), newest first: who moved which alias when, from which model
 * to which, and why; the deployment's, or with `projectId` that project's overrides. Read again whenever an alias
 * moves here.
 */
export function ModelHistoryPage({ projectId }: { projectId?: string }) {
  const { projects } = useShell();
  useRerenderOn(projects.onDidChange);
  const service = useModels();
  const [events, setEvents] = useState<ModelAliasEventJson[]>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const sub = service.onDidChange(() => setVersion((v) => v + 1));
    return () => sub.dispose();
  }, [service]);

  useEffect(() => {
    const abort = new AbortController();
    service.history(projectId, abort.signal).then(
      (list) => {
        setEvents(list);
        setError(undefined);
      },
      (err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => abort.abort();
  }, [service, projectId, version]);

  return (
    <div className="settings-editor model-page" data-testid="model-history">
      <h2>Model alias history{projectId ? ` of ${projects.project(projectId)?.name ?? 'the project'}` : ''}</h2>
      <p className="hint">
        Every move of the {projectId ? "project's own" : "deployment's"} default and candidate aliases, newest first. Running jobs always finish on the
        model they started with.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!events && !error && <p className="empty">Loading…</p>}
      {events?.length === 0 && <p className="empty">No alias has moved yet.</p>}
      {events && events.length > 0 && (
        <div className="model-table-scroll">
          <table className="model-table model-history-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Alias</th>
                <th scope="col">What</th>
                <th scope="col">From → to</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} data-testid="model-history-row" data-action={e.action} data-alias={e.alias} data-to={e.to ? modelLabel(e.to) : ''}>
                  <td>{formatWhen(e.at)}</td>
                  <td>{e.byName ?? e.by}</td>
                  <td>{e.projectId ? aliasName(`project:${e.projectId}:${e.alias}`) : e.alias}</td>
                  <td>{ACTIONS[e.action]}</td>
                  <td>
                    {modelLabel(e.from)} → {modelLabel(e.to)}
                  </td>
                  <td data-testid="model-history-reason">{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
