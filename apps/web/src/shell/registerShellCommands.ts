import type { Command } from '../platform/Command.ts';
import { type Disposable, DisposableStore } from '../platform/Disposable.ts';
import { roleAtLeast } from './roleAtLeast.ts';
import type { WorkbenchController } from './WorkbenchController.ts';

/** The shell's commands: palette, views, panels, tabs, projects and the session. */
export function registerShellCommands(controller: WorkbenchController): Disposable {
  const { layout, projects } = controller;
  const hasProject = () => projects.activeProject !== undefined;
  const commands: Command[] = [
    {
      id: 'workbench.showCommands',
      title: 'Show All Commands',
      category: 'View',
      keybinding: 'Ctrl+Shift+P',
      run: () => layout.setPaletteOpen(true),
    },
    {
      id: 'workbench.showKeybindings',
      title: 'Keyboard Shortcuts',
      category: 'Preferences',
      run: () => layout.openEditor({ kind: 'keybindings' }),
    },
    { id: 'view.explorer', title: 'Show Explorer', category: 'View', keybinding: 'Ctrl+Shift+E', run: () => layout.showView('explorer') },
    { id: 'view.search', title: 'Show Search', category: 'View', keybinding: 'Ctrl+Shift+F', run: () => layout.showView('search') },
    { id: 'view.review', title: 'Show Review', category: 'View', run: () => layout.showView('review') },
    { id: 'view.plugins', title: 'Show Plugins', category: 'View', keybinding: 'Ctrl+Shift+X', run: () => layout.showView('plugins') },
    { id: 'view.quality', title: 'Show Quality', category: 'View', run: () => layout.showView('quality') },
    {
      id: 'quality.openDashboard',
      title: "Open the Project's Dashboard",
      category: 'Quality',
      when: hasProject,
      run: () => {
        const project = projects.activeProject;
        if (project) layout.openEditor({ kind: 'quality', projectId: project.id });
      },
    },
    {
      id: 'quality.openDeploymentDashboard',
      title: 'Open the Dashboard of All Projects',
      category: 'Quality',
      when: () => controller.services.user.isAdmin,
      run: () => layout.openEditor({ kind: 'quality', projectId: null }),
    },
    { id: 'view.vocabulary', title: "Show the Project's Vocabulary", category: 'View', run: () => layout.showView('vocabulary') },
    { id: 'view.problems', title: 'Toggle Problems Panel', category: 'View', keybinding: 'Ctrl+Shift+M', run: () => layout.togglePanel() },
    { id: 'workbench.toggleSidebar', title: 'Toggle Side Bar', category: 'View', keybinding: 'Ctrl+B', run: () => layout.toggleSidebar() },
    {
      id: 'workbench.closeEditor',
      title: 'Close Editor',
      category: 'View',
      keybinding: 'Alt+W',
      when: () => layout.activeKey !== undefined,
      run: () => {
        if (layout.activeKey) layout.closeEditor(layout.activeKey);
      },
    },
    {
      id: 'workbench.nextEditor',
      title: 'Next Editor',
      category: 'View',
      keybinding: 'Alt+PageDown',
      when: () => layout.tabs.length > 1,
      run: () => layout.cycleEditor(1),
    },
    {
      id: 'workbench.previousEditor',
      title: 'Previous Editor',
      category: 'View',
      keybinding: 'Alt+PageUp',
      when: () => layout.tabs.length > 1,
      run: () => layout.cycleEditor(-1),
    },
    { id: 'project.create', title: 'New Project…', category: 'Project', run: () => controller.requestExplorer('newProject') },
    {
      id: 'project.upload',
      title: 'Upload Recordings…',
      category: 'Project',
      when: () => roleAtLeast(projects.activeProject?.role, 'editor'),
      run: () => controller.requestExplorer('upload'),
    },
    {
      id: 'project.showMembers',
      title: 'Project Settings and Members',
      category: 'Project',
      when: hasProject,
      run: () => {
        const project = projects.activeProject;
        if (project) layout.openEditor({ kind: 'members', projectId: project.id });
      },
    },
    {
      id: 'project.refresh',
      title: 'Refresh Projects',
      category: 'Project',
      run: async () => {
        await projects.loadProjects();
        const project = projects.activeProject;
        if (project) await projects.loadContents(project.id);
      },
    },
    { id: 'workbench.openSettings', title: 'Settings', category: 'Preferences', run: () => layout.openEditor({ kind: 'settings' }) },
    {
      id: 'workbench.colorTheme',
      title: 'Color Theme: Light, Dark or the System\'s',
      category: 'Preferences',
      run: () => layout.openEditor({ kind: 'settings' }),
    },
    {
      id: 'admin.accounts',
      title: 'Accounts',
      category: 'Administration',
      when: () => controller.services.user.isAdmin,
      run: () => layout.openEditor({ kind: 'accounts' }),
    },
    {
      id: 'project.delete',
      title: 'Delete Project…',
      category: 'Project',
      when: () => roleAtLeast(projects.activeProject?.role, 'owner'),
      run: () => {
        const project = projects.activeProject;
        if (project) controller.requestDelete({ kind: 'project', projectId: project.id });
      },
    },
    {
      id: 'transcript.delete',
      title: 'Delete Transcript…',
      category: 'Transcript',
      when: () => {
        const found = layout.activeTranscriptId ? projects.findTranscript(layout.activeTranscriptId) : undefined;
        return found !== undefined && roleAtLeast(projects.project(found.transcript.projectId)?.role, 'owner');
      },
      run: () => {
        const found = layout.activeTranscriptId ? projects.findTranscript(layout.activeTranscriptId) : undefined;
        if (found) controller.requestDelete({ kind: 'transcript', projectId: found.transcript.projectId, transcriptId: found.transcript.id });
      },
    },
    { id: 'auth.signOut', title: 'Sign Out', category: 'Account', run: () => controller.signOut() },
  ];
  const store = new DisposableStore();
  for (const command of commands) store.add(controller.services.commands.register(command));
  return store;
}
