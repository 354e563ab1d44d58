import type { MouseEvent } from 'react';
import type { JobJson, MediaJson, TranscriptJson } from '../../shell/ApiJson.ts';
import { isJobFinished } from '../../shell/JobWatcher.ts';
import { useShell } from '../../shell/ShellContext.tsx';
import { formatTime } from '../formatTime.ts';

/** Props of {@link MediaNode}. */
export interface MediaNodeProps {
  media: MediaJson;
  transcripts: readonly TranscriptJson[];
  job: JobJson | undefined;
  expanded: boolean;
  onToggle: () => void;
  canTranscribe: boolean;
  activeTranscriptId: string | undefined;
}

/** A recording in the explorer tree: name, duration and its job's state; its transcripts below. */
export function MediaNode({ media, transcripts, job, expanded, onToggle, canTranscribe, activeTranscriptId }: MediaNodeProps) {
  const { services, projects } = useShell();
  const working = job !== undefined && !isJobFinished(job);
  const transcribe = async (e: MouseEvent) => {
    e.stopPropagation();
    try {
      const queued = await services.api.post<JobJson>(`/api/projects/${media.projectId}/jobs`, { mediaId: media.id });
      projects.trackJob(queued);
    } catch (error) {
      services.notify('error', `${media.name} could not be queued: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const hasChildren = transcripts.length > 0;
  return (
    <li role="treeitem" aria-expanded={hasChildren ? expanded : undefined} aria-level={2} tabIndex={-1} className="tree-item">
      <div className="tree-row media-row" data-testid="media-item" data-media-id={media.id} onClick={onToggle} title={`${media.name} (${media.format}, ${formatTime(media.durationSeconds)})`}>
        <span className={`twistie${hasChildren ? (expanded ? ' open' : '') : ' none'}`} aria-hidden="true" />
        <span className="tree-icon" aria-hidden="true">
          ♪
        </span>
        <span className="tree-label">{media.name}</span>
        <span className="tree-detail">{formatTime(media.durationSeconds)}</span>
        {job && job.state !== 'succeeded' && (
          <span className={`badge job-${job.state}`} data-testid="media-job-state" data-state={job.state} title={job.error ?? job.state}>
            {job.state === 'running' ? `${Math.round(job.progress * 100)}%` : job.state}
          </span>
        )}
        {canTranscribe && !working && !hasChildren && (
          <button type="button" className="row-action" title="Transcribe" aria-label={`Transcribe ${media.name}`} onClick={transcribe}>
            ▶
          </button>
        )}
      </div>
      {hasChildren && expanded && (
        <ul role="group">
          {transcripts.map((t) => (
            <li key={t.id} role="treeitem" aria-level={3} aria-selected={t.id === activeTranscriptId} tabIndex={-1} className="tree-item">
              <div
                className={`tree-row transcript-row${t.id === activeTranscriptId ? ' selected' : ''}`}
                data-testid="transcript-item"
                data-transcript-id={t.id}
                onClick={() => services.openTranscript(t.id)}
                title={`Transcript by ${t.model.id} ${t.model.version}${t.plugins.length ? ` with ${t.plugins.map((p) => p.id).join(', ')}` : ''}`}
              >
                <span className="twistie none" aria-hidden="true" />
                <span className="tree-icon" aria-hidden="true">
                  ¶
                </span>
                <span className="tree-label">Transcript</span>
                <span className="tree-detail">
                  {t.model.id} {t.model.version} · {new Date(t.createdAt).toLocaleDateString()}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
