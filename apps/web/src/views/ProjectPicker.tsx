import { useRerenderOn, useShell } from '../shell/ShellContext.tsx';

/** The active project of the project-scoped side bar views, with a picker when there are several. */
export function ProjectPicker() {
  const { projects } = useShell();
  useRerenderOn(projects.onDidChange);
  const list = projects.projects ?? [];
  const active = projects.activeProject;
  if (list.length <= 1) return active ? <div className="project-picker single">{active.name}</div> : null;
  return (
    <label className="project-picker">
      <span className="visually-hidden">Project</span>
      <select data-testid="project-picker" value={active?.id ?? ''} onChange={(e) => projects.setActiveProject(e.target.value)}>
        {list.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
