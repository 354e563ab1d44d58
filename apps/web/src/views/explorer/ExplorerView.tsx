import { type DragEvent, useEffect, useRef, useState } from 'react';
import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import { NewProjectForm } from './NewProjectForm.tsx';
import { onTreeKeyDown } from './onTreeKeyDown.ts';
import { ProjectNode } from './ProjectNode.tsx';

// other people's uploads and jobs show up without a reload
const REFRESH_MS = 20_000;

/**
 * The Explorer: projects -> recordings -> transcripts. Files dropped on a project (or on the view: the active
 * project) or picked with the upload button are uploaded one request each with live progress, then transcribed;
 * the new transcript appears when its job succeeds.
 */
export function ExplorerView() {
  const controller = useShell();
  const { projects, layout, uploads, services } = controller;
  useRerenderOn(projects.onDidChange, layout.onDidChange);
  const [creating, setCreating] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [collapsedMedia, setCollapsedMedia] = useState<ReadonlySet<string>>(() => new Set());
  const [dropTarget, setDropTarget] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);
  const uploadTarget = useRef<string | undefined>(undefined);
  const active = projects.activeProject;
  const list = projects.projects;

  // the active project opens by itself
  useEffect(() => {
    if (active && !expanded.has(active.id)) setExpanded((s) => new Set(s).add(active.id));
    // only when the active project changes, not each time the user collapses it
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active?.id]);

  // an expanded project's contents are loaded, and kept fresh while it stays open
  useEffect(() => {
    const ids = [...expanded].filter((id) => projects.project(id));
    for (const id of ids) if (!projects.contents(id)) void projects.loadContents(id).catch((e: unknown) => services.notify('error', messageOf(e)));
    if (ids.length === 0) return;
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      for (const id of ids) void projects.loadContents(id).catch(() => {});
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [expanded, projects, list, services]);

  useEffect(() => {
    const subscription = controller.onExplorerRequest((request) => {
      if (request === 'newProject') setCreating(true);
      else if (active) pickFiles(active.id);
    });
    return () => subscription.dispose();
  }, [controller, active]);

  const pickFiles = (projectId: string) => {
    uploadTarget.current = projectId;
    fileInput.current?.click();
  };

  const upload = (projectId: string | undefined, files: File[]) => {
    const project = projects.project(projectId);
    if (!project || files.length === 0) return;
    if (!roleAtLeast(project.role, 'editor')) {
      services.notify('error', `Your role in ${project.name} is ${project.role}; uploading needs editor or above.`);
      return;
    }
    projects.setActiveProject(project.id);
    setExpanded((s) => new Set(s).add(project.id));
    uploads.upload(project.id, files);
  };

  const projectUnder = (e: DragEvent) => (e.target as HTMLElement).closest<HTMLElement>('[data-project-id]')?.dataset.projectId ?? active?.id;
  const carriesFiles = (e: DragEvent) => [...e.dataTransfer.types].includes('Files');
  const onDragOver = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    const target = projectUnder(e);
    if (target !== dropTarget) setDropTarget(target);
  };
  const onDrop = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    setDropTarget(undefined);
    upload(projectUnder(e), [...e.dataTransfer.files]);
  };

  const toggle = (id: string) => {
    projects.setActiveProject(id);
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  const toggleMedia = (id: string) =>
    setCollapsedMedia((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div
      className={`explorer${dropTarget ? ' dragging' : ''}`}
      onDragOver={onDragOver}
      onDragLeave={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setDropTarget(undefined)}
      onDrop={onDrop}
    >
      <div className="view-toolbar">
        <span className="view-toolbar-title">Projects</span>
        <button type="button" className="icon-button" data-testid="new-project" title="New project" aria-label="New project" onClick={() => setCreating(true)}>
          +
        </button>
        <button type="button" className="icon-button" title="Refresh" aria-label="Refresh" onClick={() => void services.commands.execute('project.refresh')}>
          ↻
        </button>
        {active && roleAtLeast(active.role, 'editor') && (
          <button type="button" className="icon-button" title={`Upload recordings to ${active.name}`} aria-label="Upload recordings" onClick={() => pickFiles(active.id)}>
            ⇪
          </button>
        )}
      </div>
      <input
        ref={fileInput}
        data-testid="upload-input"
        type="file"
        multiple
        accept="audio/*,video/*,.wav,.flac,.mp3,.m4a,.ogg,.opus,.webm"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Upload recordings"
        onChange={(e) => {
          upload(uploadTarget.current ?? active?.id, [...(e.target.files ?? [])]);
          uploadTarget.current = undefined;
          e.target.value = '';
        }}
      />
      {creating && <NewProjectForm onDone={() => setCreating(false)} />}
      {projects.error && (
        <p className="form-error" role="alert">
          {projects.error}
        </p>
      )}
      {list === undefined && !projects.error && <p className="empty">Loading projects…</p>}
      {list?.length === 0 && !creating && (
        <div className="empty">
          <p>No projects yet.</p>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            Create a project
          </button>
        </div>
      )}
      {list && list.length > 0 && (
        <ul className="tree" role="tree" aria-label="Projects" onKeyDown={onTreeKeyDown}>
          {list.map((project) => (
            <ProjectNode
              key={project.id}
              project={project}
              active={project.id === active?.id}
              expanded={expanded.has(project.id)}
              onToggle={() => toggle(project.id)}
              collapsedMedia={collapsedMedia}
              onToggleMedia={toggleMedia}
              onUpload={() => pickFiles(project.id)}
              activeTranscriptId={layout.activeTranscriptId}
            />
          ))}
        </ul>
      )}
      {dropTarget && <div className="drop-hint">Drop to upload to {projects.project(dropTarget)?.name}</div>}
    </div>
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
