import { useEffect, useState } from 'react';
import { useWorkbench } from '../platform/WorkbenchContext.tsx';
import { AccessNotice } from './AccessNotice.tsx';
import { TranscriptEditorView } from './TranscriptEditorView.tsx';
import { TranscriptSession } from './TranscriptSession.ts';
import { useRerenderOn, useTranscriptWorkbench } from './useTranscriptWorkbench.ts';
import './transcript.css';

/**
 * An editor tab's transcript: opens its session (records, the Y.Doc over the server's WebSocket room, the bound
 * Slate editor) for as long as the tab is mounted, and shows the editor once the document has synced. `active`
 * says whether it is the tab the commands and the status bar follow.
 */
export function TranscriptTab({ transcriptId, active }: { transcriptId: string; active: boolean }) {
  const services = useWorkbench();
  const workbench = useTranscriptWorkbench();
  const [session, setSession] = useState<TranscriptSession | undefined>();

  useEffect(() => {
    const opened = new TranscriptSession(services.api, services.user, transcriptId);
    setSession(opened);
    // the project's threshold: from its record, then kept fresh while the tab is open (someone else may change it)
    let watching: { dispose(): void } | undefined;
    const sub = opened.onDidChange(() => {
      if (opened.state !== 'ready' || !opened.project || watching) return;
      workbench.thresholds.seed(opened.project.id, opened.project.reviewThreshold);
      watching = workbench.thresholds.watch(opened.project.id);
    });
    // the rest of the workbench (the explorer's roles and projects) follows a new role or a transcript lost for good;
    // not a session that ended, whose notice asks to sign in again rather than having the login take over the page
    let told: unknown;
    const access = opened.onDidChange(() => {
      const change = opened.closure?.action === undefined ? (opened.closure ?? opened.roleChange) : undefined;
      if (change === undefined || change === told || !opened.record) return;
      told = change;
      services.didChangeAccess?.(opened.record.projectId);
    });
    void opened.load();
    return () => {
      sub.dispose();
      access.dispose();
      watching?.dispose();
      opened.dispose();
    };
  }, [services, workbench, transcriptId]);

  useRerenderOn(session?.onDidChange);

  if (!session || session.state === 'loading') {
    return (
      <div className="vb-transcript-status" data-testid="transcript-loading" role="status">
        {session?.record ? `Connecting to the document… (${session.connection})` : 'Opening the transcript…'}
      </div>
    );
  }
  // a room that refused this workbench before the document arrived: what to do (reload) rather than a bare error
  if (session.state === 'error' && session.closure?.action === 'reload') return <AccessNotice session={session} />;
  if (session.state === 'error') {
    return (
      <div className="vb-transcript-status vb-transcript-error" role="alert">
        The transcript could not be opened: {session.error}
      </div>
    );
  }
  return <TranscriptEditorView key={session.transcriptId} session={session} active={active} />;
}
