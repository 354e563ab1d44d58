import type { MouseEvent } from 'react';
import type { ProjectJson } from '../../shell/ApiJson.ts';
import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import { useShell } from '../../shell/ShellContext.tsx';
import { TrashIcon } from '../../shell/TrashIcon.tsx';
import { MediaNode } from './MediaNode.tsx';
import { UploadRows } from './UploadRows.tsx';

/** Props of {@link ProjectNode}. */
export interface ProjectNodeProps {
  project: ProjectJson;
  active: boolean;
  expanded: boolean;
  onToggle: () => void;
  collapsedMedia: ReadonlySet<string>;
  onToggleMedia: (mediaId: string) => void;
  onUpload: () => void;
  activeTranscriptId: string | undefined;
}

/** A project in the explorer tree, with its recordings (and their transcripts) and its uploads when expanded. */
export function ProjectNode(props: ProjectNodeProps) {
  const { project, active, expanded, onToggle, collapsedMedia, onToggleMedia, onUpload, activeTranscriptId } = props;
  const controller = useShell();
  const { projects, layout } = controller;
  const contents = projects.contents(project.id);
  const canUpload = roleAtLeast(project.role, 'editor');
  const isOwner = roleAtLeast(project.role, 'owner');
  const stop = (run: () => void) => (e: MouseEvent) => {
    e.stopPropagation();
    run();
  };
  return (
    <li role="treeitem" aria-expanded={expanded} aria-level={1} aria-selected={active} tabIndex={active ? 0 : -1} className="tree-item" data-project-id={project.id}>
      <div className={`tree-row project-row${active ? ' selected' : ''}`} data-testid="project-item" data-project-id={project.id} onClick={onToggle} title={`${project.name} (you are ${project.role})`}>
        <span className={`twistie${expanded ? ' open' : ''}`} aria-hidden="true" />
        <span className="tree-label project-name">{project.name}</span>
        <span className="badge role">{project.role}</span>
        {canUpload && (
          <button type="button" className="row-action" title="Upload recordings" aria-label={`Upload recordings to ${project.name}`} onClick={stop(onUpload)}>
            ⇪
          </button>
        )}
        <button
          type="button"
          className="row-action"
          data-testid="project-settings"
          title="Project settings and members"
          aria-label={`Settings and members of ${project.name}`}
          onClick={stop(() => layout.openEditor({ kind: 'members', projectId: project.id }))}
        >
          ⚙
        </button>
        {isOwner && (
          <button
            type="button"
            className="row-action"
            data-testid="project-delete"
            title="Delete the project and everything in it"
            aria-label={`Delete the project ${project.name}`}
            onClick={stop(() => controller.requestDelete({ kind: 'project', projectId: project.id }))}
          >
            <TrashIcon />
          </button>
        )}
      </div>
      {expanded && (
        <ul role="group">
          {!contents && <li className="tree-message">Loading…</li>}
          {contents && contents.media.length === 0 && (
            <li className="tree-message">{canUpload ? 'No recordings yet: drop audio files here or use ⇪.' : 'No recordings yet.'}</li>
          )}
          {contents?.media.map((media) => (
            <MediaNode
              key={media.id}
              media={media}
              transcripts={contents.transcripts.filter((t) => t.mediaId === media.id)}
              job={contents.latestJobs.get(media.id)}
              expanded={!collapsedMedia.has(media.id)}
              onToggle={() => onToggleMedia(media.id)}
              canTranscribe={canUpload}
              canDelete={isOwner}
              activeTranscriptId={activeTranscriptId}
            />
          ))}
          <li role="none">
            <UploadRows projectId={project.id} />
          </li>
        </ul>
      )}
    </li>
  );
}
