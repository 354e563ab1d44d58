import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import { CompareSection } from './CompareSection.tsx';
import { RerunSection } from './RerunSection.tsx';
import { TranscriptionSettingsSection } from './TranscriptionSettingsSection.tsx';
import { useModels } from './useModels.ts';
import './models.css';

/** A project's model work, as an editor page: comparisons on its reviewed transcripts and re-runs by model version. */
export function ProjectModelsPage({ projectId }: { projectId: string }) {
  const { projects } = useShell();
  useRerenderOn(projects.onDidChange);
  const service = useModels();
  const project = projects.project(projectId);
  const isOwner = roleAtLeast(project?.role, 'owner');
  return (
    <div className="settings-editor model-page" data-testid="project-models">
      <h2>Models in {project?.name ?? 'the project'}</h2>
      {!isOwner && <p className="hint">The project's owners run comparisons and re-runs.</p>}
      <CompareSection service={service} projectId={projectId} canRun={isOwner} />
      <RerunSection service={service} projectId={projectId} canRun={isOwner} />
      <TranscriptionSettingsSection projectId={projectId} canChange={roleAtLeast(project?.role, 'editor')} />
    </div>
  );
}
