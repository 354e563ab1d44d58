import type { LiveSessionJson } from '@verbatim/core/api';
import { useCallback, useEffect, useState } from 'react';
import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import { formatDuration, stateLabel } from './liveFormat.ts';
import { StartLiveSessionForm } from './StartLiveSessionForm.tsx';
import { useLiveService } from './useLiveService.ts';
import './live.css';

const POLL_MS = 5000;

/**
 * The Live view: a project's live sessions (state, audio so far, finals, the transcript once ended), newest first,
 * each opening its operator page; editors and above start one here or with "Start Live Session…".
 */
export function LiveView({ projectId }: { projectId: string }) {
  const controller = useShell();
  const { layout, projects } = controller;
  useRerenderOn(layout.onDidChange);
  const live = useLiveService();
  const [sessions, setSessions] = useState<LiveSessionJson[]>();
  const [error, setError] = useState<string>();
  const [starting, setStarting] = useState(() => live.takeStartRequest(projectId));
  const canStart = roleAtLeast(projects.project(projectId)?.role, 'editor');
  const visible = layout.sidebarVisible && layout.view === 'live';

  const load = useCallback(
    (signal?: AbortSignal) =>
      live.list(projectId, signal).then(
        (list) => {
          setSessions(list);
          setError(undefined);
        },
        (err: unknown) => !signal?.aborted && setError(err instanceof Error ? err.message : String(err)),
      ),
    [live, projectId],
  );

  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    const changed = live.onDidChangeSession((session) => session.projectId === projectId && void load());
    const asked = live.onDidRequestStart((id) => id === projectId && live.takeStartRequest(projectId) && setStarting(true));
    return () => {
      abort.abort();
      changed.dispose();
      asked.dispose();
    };
  }, [live, load, projectId]);

  // while shown, the figures of running sessions move
  useEffect(() => {
    if (!visible) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [visible, load]);

  const open = (session: LiveSessionJson) => layout.openEditor({ kind: 'live', sessionId: session.id, title: session.title });
  const openTranscript = async (session: LiveSessionJson) => {
    if (!session.transcriptId) return;
    await projects.loadContents(session.projectId).catch(() => {});
    controller.openTranscript(session.transcriptId);
  };

  return (
    <div className="live-view" data-testid="live-view">
      {canStart && !starting && (
        <div className="live-view-actions">
          <button type="button" className="primary" data-testid="live-start-open" onClick={() => setStarting(true)}>
            Start Live Session…
          </button>
        </div>
      )}
      {canStart && starting && <StartLiveSessionForm projectId={projectId} onDone={() => setStarting(false)} />}
      {!canStart && <p className="hint">Editors and owners start live sessions; you can follow them here.</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!sessions && !error && <p className="empty">Loading…</p>}
      {sessions?.length === 0 && <p className="empty">No live sessions yet.</p>}
      {sessions && sessions.length > 0 && (
        <ul className="live-sessions" aria-label="Live sessions">
          {sessions.map((session) => (
            <li key={session.id} className="live-session" data-testid="live-session" data-session-id={session.id} data-state={session.state}>
              <button type="button" className="live-session-open" onClick={() => open(session)} title={`Open the operator page of ${session.title}`}>
                <span className="live-session-title">{session.title}</span>
                <span className={`badge live-badge live-badge-${session.state}`}>{stateLabel(session.state, session.sourceConnected)}</span>
              </button>
              <div className="live-session-figures dim">
                {formatDuration(session.receivedSeconds)} · {session.finals} {session.finals === 1 ? 'caption' : 'captions'} ·{' '}
                {new Date(session.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
              </div>
              {session.transcriptId && (
                <button type="button" className="link-button" data-testid="live-session-transcript" onClick={() => void openTranscript(session)}>
                  Open transcript
                </button>
              )}
              {session.error && <p className="form-error">{session.error}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
