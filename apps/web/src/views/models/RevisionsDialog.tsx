import type { TranscriptRevisionJson } from '@verbatim/core/api';
import { useEffect, useRef, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { Dialog } from '../../shell/Dialog.tsx';
import { formatWhen, modelLabel } from './modelFormat.ts';
import type { ModelsService, RevisionTurn } from './ModelsService.ts';
import { useModels } from './useModels.ts';

const KINDS: Record<TranscriptRevisionJson['kind'], string> = {
  machine: 'Model output',
  'before-rerun': 'Before a re-run',
  'before-restore': 'Before a restore',
};

/**
 * A transcript's kept revisions (`GET /api/transcripts/:id/revisions`): each model output as made and the document
 * as it was before a re-run or a restore replaced it. Editors restore one after confirming; the document as it is
 * then is kept as a revision too.
 */
export function RevisionsDialog({ transcriptId, canRestore, onClose }: { transcriptId: string; canRestore: boolean; onClose: () => void }) {
  const { notify } = useWorkbench();
  const service = useModels();
  const [revisions, setRevisions] = useState<TranscriptRevisionJson[]>();
  const [confirming, setConfirming] = useState<string>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  // the confirm button goes with the restore: the focus stays in the dialog (on the list), where Escape closes it
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    service.revisions(transcriptId, abort.signal).then(
      (list) => (setRevisions(list), setError(undefined)),
      (err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => abort.abort();
  }, [service, transcriptId, version]);

  const restore = async (revision: TranscriptRevisionJson) => {
    try {
      await service.restoreRevision(transcriptId, revision.id);
      notify('info', `Restored the revision of ${formatWhen(revision.createdAt)}; the text before it is kept as a revision.`);
      setConfirming(undefined);
      setVersion((v) => v + 1);
      list.current?.focus();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Dialog title="Revisions" onClose={onClose} testId="revisions-dialog">
      {!revisions && !error && <p className="empty">Loading…</p>}
      {revisions?.length === 0 && <p className="empty">No revision is kept yet: the transcript has not been re-run or restored.</p>}
      <ul className="model-list model-revisions" ref={list} tabIndex={-1} aria-label="Kept revisions, oldest first">
        {revisions?.map((r) => (
          <li key={r.id} className="model-item" data-testid="revision-item" data-kind={r.kind}>
            <div>
              <strong>{KINDS[r.kind]}</strong> · {formatWhen(r.createdAt)}
            </div>
            <div className="dim">
              {r.model ? modelLabel(r.model) : 'no model recorded'} · {r.words.toLocaleString()} words{r.createdBy ? ` · by ${r.createdBy}` : ''}
            </div>
            <RevisionText service={service} transcriptId={transcriptId} revisionId={r.id} />
            {canRestore &&
              (confirming === r.id ? (
                <div className="model-actions" role="group" aria-label="Restore this revision?">
                  <span>Replace the transcript with this revision?</span>
                  <button type="button" className="danger" data-testid="revision-restore-confirm" autoFocus onClick={() => void restore(r)}>
                    Restore
                  </button>
                  <button type="button" onClick={() => setConfirming(undefined)}>
                    Keep
                  </button>
                </div>
              ) : (
                <button type="button" className="link-button" data-testid="revision-restore" onClick={() => setConfirming(r.id)}>
                  Restore…
                </button>
              ))}
          </li>
        ))}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}

/** A revision's text on demand ("Read"): each paragraph with its speaker; words a person edited are emphasised. */
function RevisionText({ service, transcriptId, revisionId }: { service: ModelsService; transcriptId: string; revisionId: string }) {
  const [turns, setTurns] = useState<RevisionTurn[]>();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const toggle = () => {
    setOpen((o) => !o);
    if (turns || open) return;
    service.revisionTurns(transcriptId, revisionId).then(setTurns, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <>
      <button type="button" className="link-button" data-testid="revision-read" aria-expanded={open} onClick={toggle}>
        {open ? 'Hide the text' : 'Read'}
      </button>
      {open && (
        <div className="model-revision-text" data-testid="revision-text">
          {error && <p className="form-error">{error}</p>}
          {!turns && !error && <p className="empty">Loading…</p>}
          {turns?.map((turn, i) => (
            <p key={i}>
              <span className="dim">{turn.speaker}: </span>
              {turn.words.map((w, j) => (
                <span key={j}>
                  {j > 0 ? ' ' : ''}
                  {w.origin === 'human' ? <em title="edited by a person">{w.text}</em> : w.text}
                </span>
              ))}
            </p>
          ))}
        </div>
      )}
    </>
  );
}
