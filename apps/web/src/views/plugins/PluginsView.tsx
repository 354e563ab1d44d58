import { useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import type { PluginJson, ProjectPluginJson } from '../../shell/ApiJson.ts';
import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';

/**
 * The installed plugins (GET /api/plugins) and which ones the project uses (GET /api/projects/:id/plugins): a
 * checkbox per plugin enables or disables it for the project's transcriptions (owners; others see it read-only).
 */
export function PluginsView({ projectId }: { projectId: string }) {
  const { api, notify } = useWorkbench();
  const { projects } = useShell();
  useRerenderOn(projects.onDidChange);
  const [installed, setInstalled] = useState<PluginJson[]>();
  const [enabled, setEnabled] = useState<ReadonlyMap<string, ProjectPluginJson>>(new Map());
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const canManage = roleAtLeast(projects.project(projectId)?.role, 'owner');

  useEffect(() => {
    const abort = new AbortController();
    Promise.all([
      api.get<{ plugins: PluginJson[] }>('/api/plugins', abort.signal),
      api.get<{ plugins: ProjectPluginJson[] }>(`/api/projects/${projectId}/plugins`, abort.signal),
    ])
      .then(([all, mine]) => {
        setInstalled(all.plugins);
        setEnabled(new Map(mine.plugins.map((p) => [p.id, p])));
        setError(undefined);
      })
      .catch((err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err.message : String(err)));
    return () => abort.abort();
  }, [api, projectId]);

  const toggle = async (plugin: PluginJson, on: boolean) => {
    // the checkbox follows the click at once and goes back if the server refuses
    const before = enabled;
    const optimistic = new Map(enabled);
    if (on) optimistic.set(plugin.id, { id: plugin.id, version: plugin.version, installed: true, enabledBy: null, enabledAt: Date.now() });
    else optimistic.delete(plugin.id);
    setEnabled(optimistic);
    setBusy(plugin.id);
    try {
      const path = `/api/projects/${projectId}/plugins/${encodeURIComponent(plugin.id)}`;
      if (on) {
        const saved = await api.put<ProjectPluginJson>(path);
        setEnabled((current) => new Map(current).set(plugin.id, saved));
      } else await api.delete(path);
      notify('info', `${plugin.displayName} ${on ? 'enabled' : 'disabled'} for new transcriptions.`);
    } catch (err) {
      setEnabled(before);
      notify('error', `${plugin.displayName} could not be ${on ? 'enabled' : 'disabled'}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div className="plugins-view" data-testid="plugins-view">
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!installed && !error && <p className="empty">Loading plugins…</p>}
      {installed?.length === 0 && <p className="empty">No plugins are installed on this server.</p>}
      {!canManage && installed && installed.length > 0 && <p className="hint">Only the project's owners can enable or disable plugins.</p>}
      <ul className="plugin-list">
        {installed?.map((plugin) => {
          const on = enabled.has(plugin.id);
          const { vocabularies, postProcessors, commands } = plugin.contributes;
          return (
            <li key={plugin.id} className="plugin-item" data-testid="plugin-item" data-plugin-id={plugin.id}>
              <label className="plugin-header">
                <input
                  type="checkbox"
                  data-testid="plugin-enabled"
                  checked={on}
                  disabled={!canManage || busy === plugin.id}
                  onChange={(e) => void toggle(plugin, e.target.checked)}
                />
                <span className="plugin-name">{plugin.displayName}</span>
                <span className="plugin-version">v{plugin.version}</span>
              </label>
              <p className="plugin-description">{plugin.description}</p>
              <ul className="plugin-contributions">
                {vocabularies.map((v) => (
                  <li key={v.id} title={v.id}>
                    Vocabulary: {v.title}
                    {v.entries !== undefined && ` (${v.entries.toLocaleString()} entries)`}
                  </li>
                ))}
                {postProcessors.map((p) => (
                  <li key={p.id} title={p.id}>
                    Post-processor: {p.title}
                  </li>
                ))}
                {commands.map((c) => (
                  <li key={c.id} title={c.id}>
                    Command: {c.title}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
