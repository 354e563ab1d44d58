import type { Command } from '../../platform/Command.ts';
import { type Disposable, DisposableStore } from '../../platform/Disposable.ts';
import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import type { WorkbenchController } from '../../shell/WorkbenchController.ts';
import { LiveService } from './LiveService.ts';

/** The live captioning commands: the Live view, and "Start Live Session…" for editors of the active project. */
export function registerLiveCommands(controller: WorkbenchController): Disposable {
  const { layout, projects } = controller;
  const service = LiveService.for(controller.services.api);
  const commands: Command[] = [
    { id: 'view.live', title: 'Show Live Sessions', category: 'View', run: () => layout.showView('live') },
    {
      id: 'live.start',
      title: 'Start Live Session…',
      category: 'Live',
      when: () => roleAtLeast(projects.activeProject?.role, 'editor'),
      run: () => {
        const project = projects.activeProject;
        if (!project) return;
        service.requestStart(project.id);
        layout.showView('live');
      },
    },
  ];
  const store = new DisposableStore();
  for (const command of commands) store.add(controller.services.commands.register(command));
  return store;
}
