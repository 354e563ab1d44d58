import { useEffect, useReducer, useState } from 'react';
import { useWorkbench } from '../platform/WorkbenchContext.tsx';
import { useTranscriptWorkbench } from '../transcript/useTranscriptWorkbench.ts';
import type { ProjectRecordJson } from '../transcript/transcriptJson.ts';
import { formatTimecode } from '../waveform/timecode.ts';
import { confidenceLabel, confidenceShort } from '../views/models/modelFormat.ts';
import { useTranscriptCalibration } from '../views/models/useTranscriptCalibration.ts';
import '../transcript/transcript.css';
import type { ProjectFlaggedResponse } from './pickAcrossProject.ts';

/**
 * The Review view: every flagged word of the project, transcript by transcript (`GET /api/projects/:id/flagged`),
 * refreshed when the threshold moves and when reviews are recorded. A click opens the transcript at the word and
 * plays it; F8 / Shift+F8 go through them across the project.
 */
export function ReviewView({ projectId }: { projectId: string }) {
  const services = useWorkbench();
  const workbench = useTranscriptWorkbench();
  const [data, setData] = useState<ProjectFlaggedResponse | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [version, refresh] = useReducer((n: number) => n + 1, 0);
  // an uncalibrated model's confidence is a score, not a percentage
  const calibrationOf = useTranscriptCalibration(projectId, version);

  useEffect(() => {
    const held = workbench.setReviewProject(projectId);
    // the project's own threshold, unless a transcript of it already set one
    services.api.get<ProjectRecordJson>(`/api/projects/${encodeURIComponent(projectId)}`).then(
      (project) => workbench.thresholds.seed(projectId, project.reviewThreshold),
      () => {},
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = (delay: number) => {
      clearTimeout(timer);
      timer = setTimeout(refresh, delay);
    };
    const subs = [
      workbench.thresholds.onDidChange((id) => id === projectId && later(300)),
      workbench.onDidReview((id) => id === projectId && later(800)),
      workbench.thresholds.watch(projectId),
    ];
    return () => {
      clearTimeout(timer);
      subs.forEach((s) => s.dispose());
      held.dispose();
    };
  }, [services, workbench, projectId]);

  useEffect(() => {
    const controller = new AbortController();
    const threshold = workbench.thresholds.get(projectId);
    services.api.get<ProjectFlaggedResponse>(`/api/projects/${encodeURIComponent(projectId)}/flagged?threshold=${threshold}&limit=500`, controller.signal).then(
      (response) => {
        setData(response);
        setError(undefined);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => controller.abort();
  }, [services, workbench, projectId, version]);

  const groups = new Map<string, { name: string; items: ProjectFlaggedResponse['items'] }>();
  for (const item of data?.items ?? []) {
    const group = groups.get(item.transcriptId) ?? { name: item.mediaName, items: [] };
    group.items.push(item);
    groups.set(item.transcriptId, group);
  }
  const keys = services.keybindings.keysFor('review.nextFlagged').join(', ');
  return (
    <div className="vb-review" data-testid="review-view">
      <div className="vb-review-head">
        <span>
          {data ? `${data.total} flagged below ${Math.round(data.threshold * 100)}%` : 'Loading…'}
          {keys ? ` · ${keys} for the next` : ''}
        </span>
        <button type="button" className="vb-review-refresh" onClick={refresh} title="Refresh">
          ⟳
        </button>
      </div>
      {error ? <p className="vb-review-error" role="alert">{error}</p> : null}
      {[...groups].map(([transcriptId, group]) => (
        <section key={transcriptId} className="vb-review-group">
          <h3 title={group.name}>
            {group.name} <span className="vb-review-count">{group.items.length}</span>
          </h3>
          <ul>
            {group.items.map((item) => (
              <li key={`${item.start}-${item.text}`}>
                <button
                  type="button"
                  className="vb-review-item"
                  data-testid="review-item"
                  data-transcript-id={transcriptId}
                  data-start={item.start}
                  onClick={() => services.openTranscript(transcriptId, { at: item.start })}
                >
                  <span className="vb-review-word">{item.text}</span>
                  <span className="vb-review-context">{item.context}</span>
                  <span className="vb-review-meta" title={confidenceLabel(item.confidence, calibrationOf(transcriptId))}>
                    {confidenceShort(item.confidence, calibrationOf(transcriptId))} · {formatTimecode(item.start)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {data && data.items.length === 0 ? <p className="vb-review-empty">Nothing to review in this project.</p> : null}
    </div>
  );
}
