import { type FormEvent, useState } from 'react';
import { useShell } from '../../shell/ShellContext.tsx';

/** The explorer's inline "new project" field: Enter creates (the caller becomes its owner), Escape cancels. */
export function NewProjectForm({ onDone }: { onDone: () => void }) {
  const { projects, services } = useShell();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    try {
      await projects.createProject(name.trim());
      onDone();
    } catch (error) {
      services.notify('error', `The project could not be created: ${error instanceof Error ? error.message : String(error)}`);
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={submit}>
      <input
        data-testid="new-project-name"
        aria-label="New project name"
        placeholder="Project name"
        autoFocus
        maxLength={200}
        value={name}
        disabled={busy}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onDone()}
      />
      <button data-testid="new-project-submit" type="submit" className="primary" disabled={busy || !name.trim()}>
        Create
      </button>
    </form>
  );
}
