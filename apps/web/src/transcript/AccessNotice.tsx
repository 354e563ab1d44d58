import { useState } from 'react';
import { type ProjectRole, useWorkbench } from '../platform/WorkbenchContext.tsx';
import type { RoleChange, TranscriptSession } from './TranscriptSession.ts';

const WHAT_A_ROLE_DOES: Record<ProjectRole, string> = {
  owner: 'you can edit the text and manage the project',
  editor: 'you can edit the text',
  reviewer: 'you can review flagged words but no longer change the text',
  viewer: 'the transcript is read-only for you',
};

/**
 * The editor's notice of an access change, shown above the waveform until it no longer applies: the room closed for
 * good (why, and what to do: sign in again, reconnect, reload an out-of-date workbench, ask the owner, close the tab),
 * the server keeps the document read-only for everyone (its sentence), or the user's role changed while the
 * transcript was open (dismissable). The document stays as it was shown.
 */
export function AccessNotice({ session }: { session: TranscriptSession }) {
  const { api } = useWorkbench();
  const [dismissed, setDismissed] = useState<RoleChange>();
  const { closure, documentNotice, roleChange } = session;
  if (closure) {
    // a session that really ended sends the workbench to its login (any 401 does); one still valid just rejoins
    const signIn = () => void api.get('/api/me').then(() => session.reconnect(), () => {});
    return (
      <div className="vb-access-notice vb-access-closed" role="alert" data-testid="access-notice" data-code={closure.code}>
        <p>{closure.message}</p>
        {closure.action === 'sign-in' ? (
          <button type="button" className="primary" onClick={signIn}>
            Sign in again
          </button>
        ) : closure.action === 'reconnect' ? (
          <button type="button" className="primary" onClick={() => session.reconnect()}>
            Reconnect
          </button>
        ) : closure.action === 'reload' ? (
          <button type="button" className="primary" onClick={() => location.reload()}>
            Reload
          </button>
        ) : null}
      </div>
    );
  }
  if (documentNotice) {
    return (
      <div className="vb-access-notice vb-access-closed" role="alert" data-testid="access-notice" data-document-notice="">
        <p>{documentNotice}</p>
      </div>
    );
  }
  if (!roleChange || roleChange === dismissed) return null;
  return (
    <div className="vb-access-notice" role="status" data-testid="access-notice" data-role={roleChange.to}>
      <p>
        Your role in {session.project?.name ?? 'this project'} is now {roleChange.to} (it was {roleChange.from}): {WHAT_A_ROLE_DOES[roleChange.to]}.
      </p>
      <button type="button" className="vb-access-dismiss" aria-label="Dismiss the notice" title="Dismiss" onClick={() => setDismissed(roleChange)}>
        ×
      </button>
    </div>
  );
}
