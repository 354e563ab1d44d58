import type { LiveSessionJson } from '@verbatim/core/api';
import { useState } from 'react';
import type { LiveOperator } from './LiveOperator.ts';
import { useLiveService } from './useLiveService.ts';

/**
 * The session's read-only viewer link: make it, copy it, make a new one (the old stops working at once) or revoke it.
 * The server shows a link's token only when it is made, so a link made elsewhere reads as "active" without its URL.
 */
export function ViewerLinkSection({ operator, session, canManage }: { operator: LiveOperator; session: LiveSessionJson; canManage: boolean }) {
  const live = useLiveService();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState(false);
  const url = session.viewerLink.active ? live.viewerUrl(session.id) : undefined;
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setCopied(false);
    try {
      await action();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setError('The browser did not allow copying: select the link and copy it.');
    }
  };
  const open = session.state === 'live' || session.state === 'stopping';

  return (
    <section className="live-section" aria-labelledby="live-viewer-link-title">
      <h3 id="live-viewer-link-title">Viewer link</h3>
      <p className="hint">A caption screen for a projector, an OBS browser source or the audience's phones; no account needed.</p>
      {url && (
        <div className="live-link-row">
          <input data-testid="live-viewer-link-url" readOnly value={url} aria-label="Viewer link" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" data-testid="live-viewer-link-copy" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </button>
          <a href={url} target="_blank" rel="noreferrer" className="link-button">
            Open
          </a>
        </div>
      )}
      {!url && session.viewerLink.active && (
        <p data-testid="live-viewer-link-active">
          A viewer link is active{session.viewerLink.createdAt ? ` (made ${new Date(session.viewerLink.createdAt).toLocaleTimeString()})` : ''}. Make a new one to see
          its address here; the old one then stops working.
        </p>
      )}
      {canManage && (open || session.viewerLink.active) && (
        <div className="live-actions">
          {open && (
            <button type="button" data-testid="live-viewer-link-create" disabled={busy} onClick={() => void run(() => operator.createViewerLink())}>
              {session.viewerLink.active ? 'Make a New Link' : 'Make a Viewer Link'}
            </button>
          )}
          {session.viewerLink.active && (
            <button type="button" className="danger" data-testid="live-viewer-link-revoke" disabled={busy} onClick={() => void run(() => operator.revokeViewerLink())}>
              Revoke
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
