import type { Command } from '../../platform/Command.ts';
import { type Disposable, DisposableStore } from '../../platform/Disposable.ts';
import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import type { WorkbenchController } from '../../shell/WorkbenchController.ts';
import { ModelsService } from './ModelsService.ts';

/**
 * The model commands: the Models view, the alias history, a project's comparisons and re-runs, and, on the active
 * transcript, "Re-transcribe with…" and its revisions.
 */
export function registerModelCommands(controller: WorkbenchController): Disposable {
  const { layout, projects } = controller;
  const service = ModelsService.for(controller.services.api);
  const activeTranscript = () => (layout.activeTranscriptId ? projects.findTranscript(layout.activeTranscriptId) : undefined);
  const roleOnActive = (least: 'viewer' | 'editor' | 'owner') => {
    const found = activeTranscript();
    return found !== undefined && roleAtLeast(projects.project(found.transcript.projectId)?.role, least);
  };
  const commands: Command[] = [
    { id: 'view.models', title: 'Show Models', category: 'Models', run: () => layout.showView('models') },
    { id: 'models.showHistory', title: 'Show Alias History', category: 'Models', run: () => layout.openEditor({ kind: 'model-history' }) },
    {
      id: 'models.compare',
      title: 'Compare on Reviewed Work and Re-run…',
      category: 'Models',
      when: () => projects.activeProject !== undefined,
      run: () => {
        const project = projects.activeProject;
        if (project) layout.openEditor({ kind: 'project-models', projectId: project.id });
      },
    },
    {
      id: 'transcript.retranscribe',
      title: 'Re-transcribe with…',
      category: 'Transcript',
      when: () => roleOnActive('editor'),
      run: () => {
        const found = activeTranscript();
        if (found) service.requestDialog({ kind: 'retranscribe', transcriptId: found.transcript.id });
      },
    },
    {
      id: 'transcript.revisions',
      title: 'Revisions…',
      category: 'Transcript',
      when: () => roleOnActive('viewer'),
      run: () => {
        const found = activeTranscript();
        if (found) service.requestDialog({ kind: 'revisions', transcriptId: found.transcript.id });
      },
    },
  ];
  const store = new DisposableStore();
  for (const command of commands) store.add(controller.services.commands.register(command));
  return store;
}
