import { lazy, type MouseEvent, Suspense, useState } from 'react';
import type { JobJson, MediaJson, TranscriptJson } from '../../shell/ApiJson.ts';
import { isJobFinished } from '../../shell/JobWatcher.ts';
import { useShell } from '../../shell/ShellContext.tsx';
import { TrashIcon } from '../../shell/TrashIcon.tsx';
import { formatTime } from '../formatTime.ts';
import { TranscribeDialog } from './TranscribeDialog.tsx';

const RecordingAttributesDialog = lazy(() => import('../quality/attributes/RecordingAttributesDialog.tsx'));

/** Props of {@link MediaNode}. */
export interface MediaNodeProps {
  media: MediaJson;
  transcripts: readonly TranscriptJson[];
  job: JobJson | undefined;
  expanded: boolean;
  onToggle: () => void;
  canTranscribe: boolean;
  /** Owners may delete the recording and its transcripts. */
  canDelete: boolean;
  activeTranscriptId: string | undefined;
}

/** A recording in the explorer tree: name, duration and its job's state; its transcripts below. */
export function MediaNode({ media, transcripts, job, expanded, onToggle, canTranscribe, canDelete, activeTranscriptId }: MediaNodeProps) {
  const controller = useShell();
  const { services } = controller;
  const [asking, setAsking] = useState(false);
  const [describing, setDescribing] = useState(false);
  const working = job !== undefined && !isJobFinished(job);
  const stop = (run: () => void) => (e: MouseEvent) => {
    e.stopPropagation();
    run();
  };
  const hasChildren = transcripts.length > 0;
  const transcribeLabel = hasChildren ? `Transcribe ${media.name} again` : `Transcribe ${media.name}`;
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
        {canTranscribe && !working && (
          <button type="button" className="row-action" data-testid="media-transcribe" title={hasChildren ? 'Transcribe again (a new transcript; the existing ones stay)' : 'Transcribe'} aria-label={transcribeLabel} onClick={stop(() => setAsking(true))}>
            {hasChildren ? '↻' : '▶'}
          </button>
        )}
        {canDelete && (
          <button type="button" className="row-action" data-testid="media-attributes" title="Attributes of the recording (quality is measured per value)" aria-label={`Attributes of ${media.name}`} onClick={stop(() => setDescribing(true))}>
            #
          </button>
        )}
        {canDelete && (
          <button
            type="button"
            className="row-action"
            data-testid="media-delete"
            title="Delete the recording and its transcripts"
            aria-label={`Delete ${media.name}`}
            onClick={stop(() => controller.requestDelete({ kind: 'media', projectId: media.projectId, mediaId: media.id }))}
          >
            <TrashIcon />
          </button>
        )}
      </div>
      {asking && <TranscribeDialog media={media} transcripts={transcripts} onClose={() => setAsking(false)} />}
      {describing && (
        <Suspense fallback={null}>
          <RecordingAttributesDialog mediaId={media.id} mediaName={media.name} canEdit={canDelete} onClose={() => setDescribing(false)} />
        </Suspense>
      )}
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
                {canDelete && (
                  <button
                    type="button"
                    className="row-action"
                    data-testid="transcript-delete"
                    title="Delete this transcript"
                    aria-label={`Delete the transcript of ${media.name} from ${new Date(t.createdAt).toLocaleString()}`}
                    onClick={stop(() => controller.requestDelete({ kind: 'transcript', projectId: media.projectId, transcriptId: t.id }))}
                  >
                    <TrashIcon />
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
