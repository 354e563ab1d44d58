import type { ModelAliasJson } from '@verbatim/core/api';
import { useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import { AliasesSection } from './AliasesSection.tsx';
import { InstallModelForm } from './InstallModelForm.tsx';
import { ModelItem } from './ModelItem.tsx';
import { ProjectAliasesSection } from './ProjectAliasesSection.tsx';
import { useModels } from './useModels.ts';
import './models.css';

/**
 * The Models view: the installed model versions (`GET /api/models`), the deployment's aliases and, with a project
 * open, the ones in effect for it. Everyone reads; administrators install from a URL, set the candidate, promote,
 * roll back and remove. The alias history and a project's comparisons and re-runs open as editor pages.
 */
export function ModelsView({ projectId }: { projectId: string | undefined }) {
  const { user } = useWorkbench();
  const { layout, projects } = useShell();
  useRerenderOn(projects.onDidChange);
  const service = useModels();
  const [aliases, setAliases] = useState<ModelAliasJson[]>([]);
  const [projectAliases, setProjectAliases] = useState<ModelAliasJson[]>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const project = projectId ? projects.project(projectId) : undefined;
  const isAdmin = user.isAdmin;
  const isOwner = roleAtLeast(project?.role, 'owner');

  useEffect(() => {
    const sub = service.onDidChange(() => setVersion((v) => v + 1));
    return () => sub.dispose();
  }, [service]);

  useEffect(() => {
    const abort = new AbortController();
    Promise.all([service.aliases(abort.signal), projectId ? service.projectAliases(projectId, abort.signal) : Promise.resolve(undefined)]).then(
      ([all, mine]) => {
        setAliases(all);
        setProjectAliases(mine);
        setError(undefined);
      },
      (err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => abort.abort();
  }, [service, projectId, version]);

  const models = service.models;
  return (
    <div className="models-view" data-testid="models-view">
      <div className="model-actions">
        <button type="button" className="link-button" data-testid="models-refresh" onClick={() => void service.load(true).catch((err: unknown) => setError(String(err)))}>
          Refresh
        </button>
        <button type="button" className="link-button" data-testid="models-open-history" onClick={() => layout.openEditor({ kind: 'model-history' })}>
          Alias History
        </button>
        {project && (
          <button type="button" className="link-button" data-testid="models-open-project" onClick={() => layout.openEditor({ kind: 'project-models', projectId: project.id })}>
            {isOwner ? 'Compare and Re-run…' : 'Comparisons'}
          </button>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <AliasesSection service={service} aliases={aliases} projectId={projectId} isAdmin={isAdmin} />
      {projectId && projectAliases && (
        <ProjectAliasesSection service={service} aliases={projectAliases} projectId={projectId} projectName={project?.name} isOwner={isOwner} />
      )}
      <section className="model-section" aria-label="Installed models">
        <h3 className="model-section-title">Installed</h3>
        {!models && !error && <p className="empty">Loading models…</p>}
        {models?.length === 0 && <p className="empty">No model is installed.</p>}
        <ul className="model-list">
          {models?.map((model) => (
            <ModelItem key={model.ref} model={model} service={service} isAdmin={isAdmin} />
          ))}
        </ul>
      </section>
      {isAdmin ? (
        <details className="model-section">
          <summary className="model-section-title" data-testid="model-install-open">
            Install from a URL
          </summary>
          <InstallModelForm service={service} />
        </details>
      ) : (
        <p className="hint">Administrators install models and move the aliases.</p>
      )}
    </div>
  );
}
