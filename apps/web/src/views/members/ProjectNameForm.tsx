import { type FormEvent, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import type { ProjectJson } from '../../shell/ApiJson.ts';
import { useShell } from '../../shell/ShellContext.tsx';

/** Renames a project (owners: PATCH /api/projects/:id { name }). */
export function ProjectNameForm({ project }: { project: ProjectJson }) {
  const { notify } = useWorkbench();
  const { projects } = useShell();
  const [name, setName] = useState(project.name);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await projects.renameProject(project.id, name.trim());
      notify('info', `Renamed to ${name.trim()}.`);
    } catch (err) {
      notify('error', `The project could not be renamed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="setting" onSubmit={submit}>
      <label htmlFor={`name-${project.id}`}>Name</label>
      <input id={`name-${project.id}`} data-testid="project-name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      <button type="submit" data-testid="project-rename" disabled={busy || !name.trim() || name.trim() === project.name}>
        Rename
      </button>
    </form>
  );
}
