import { useEffect, useReducer, useRef, useState } from 'react';
import { useWorkbench } from '../platform/WorkbenchContext.tsx';
import { useTranscriptWorkbench } from '../transcript/useTranscriptWorkbench.ts';
import type { ProjectRecordJson } from '../transcript/transcriptJson.ts';
import { formatTimecode } from '../waveform/timecode.ts';
import { confidenceLabel, confidenceShort } from '../views/models/modelFormat.ts';
import { useTranscriptCalibration } from '../views/models/useTranscriptCalibration.ts';
import '../transcript/transcript.css';
import type { ProjectFlaggedResponse } from './pickAcrossProject.ts';
import { readFlaggedPages } from './readFlaggedPages.ts';

/** Words read a page at a time. */
const PAGE = 500;

/** Pages of flagged words read one after another, as one: every item, the first page's threshold, the last's next. */
function mergePages(pages: readonly ProjectFlaggedResponse[]): ProjectFlaggedResponse {
  const first = pages[0]!;
  const last = pages[pages.length - 1]!;
  // each page's total counts from where it started: the first words it holds are those of the pages before
  const before = pages.slice(0, -1).reduce((n, page) => n + page.items.length, 0);
  const total = Math.max(first.total, before + last.total);
  return { threshold: first.threshold, total, truncated: last.truncated, items: pages.flatMap((page) => page.items), next: last.next };
}

/**
 * The Review view: every flagged word of the project, transcript by transcript (`GET /api/projects/:id/flagged`, a
 * page of 500 at a time: "Show more" reads the next), refreshed when the threshold moves and when reviews are
 * recorded. A click opens the transcript at the word and plays it; F8 / Shift+F8 go through them across the project.
 */
export function ReviewView({ projectId }: { projectId: string }) {
  const services = useWorkbench();
  const workbench = useTranscriptWorkbench();
  const [data, setData] = useState<ProjectFlaggedResponse | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [version, refresh] = useReducer((n: number) => n + 1, 0);
  const [loadingMore, setLoadingMore] = useState(false);
  // how many words the view shows (the first page, and each "Show more")
  const shown = useRef(0);
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
    // a refresh reads as many words as were shown (in pages), so reviewing below the first page keeps its place
    const wanted = Math.max(PAGE, shown.current);
    const enough = (pages: readonly ProjectFlaggedResponse[]) => pages.reduce((n, page) => n + page.items.length, 0) >= wanted;
    readFlaggedPages(services.api, projectId, { threshold, pageSize: PAGE, enough, signal: controller.signal }).then(
      (pages) => {
        const merged = mergePages(pages);
        shown.current = merged.items.length;
        setData(merged);
        setError(undefined);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => controller.abort();
  }, [services, workbench, projectId, version]);

  const showMore = () => {
    if (!data?.next || loadingMore) return;
    setLoadingMore(true);
    const threshold = workbench.thresholds.get(projectId);
    readFlaggedPages(services.api, projectId, { threshold, pageSize: PAGE, after: data.next, enough: () => true })
      .then(
        ([page]) => {
          setData((before) => {
            if (before === undefined || before.next !== data.next) return before;
            const merged = mergePages([before, page!]);
            shown.current = merged.items.length;
            return merged;
          });
          setError(undefined);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      )
      .finally(() => setLoadingMore(false));
  };

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
          {data ? `${data.total}${data.truncated ? '+' : ''} flagged below ${Math.round(data.threshold * 100)}%` : 'Loading…'}
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
      {data?.next ? (
        <button type="button" className="vb-review-more" data-testid="review-more" onClick={showMore} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : `Show more (${data.items.length} shown)`}
        </button>
      ) : null}
      {data && data.items.length === 0 ? <p className="vb-review-empty">Nothing to review in this project.</p> : null}
    </div>
  );
}
