import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useWorkbench } from '../platform/WorkbenchContext.tsx';
import { proposeVocabularyEntry, type VocabularyProposal } from '../views/vocabulary/proposeVocabularyEntry.ts';
import { VocabularyModel } from '../views/vocabulary/VocabularyModel.ts';

/** What the dialog adds: a term, and the correction it came from (whose before text is what the model heard). */
export interface AddToVocabularyRequest {
  projectId: string;
  /** The transcript the correction was made in; without one (the quality dashboard's most-corrected words) the entry is stored as added by hand. */
  transcriptId?: string;
  term: string;
  correction?: { before: string; after: string };
}

/**
 * Add to Vocabulary: shows the phrase and the sounds-like forms proposed for it (what the model heard, unless that is
 * too common to be one, which is shown as not proposed, with why), each removable, and stores the entry only when the
 * user confirms (Enter or Add). Escape or Cancel closes it without storing anything.
 */
export function AddToVocabularyDialog({ request, onClose }: { request: AddToVocabularyRequest; onClose: () => void }) {
  const { api, notify } = useWorkbench();
  const model = VocabularyModel.for(api);
  const phraseRef = useRef<HTMLInputElement>(null);
  const [proposal, setProposal] = useState<VocabularyProposal | undefined>();
  const [phrase, setPhrase] = useState(request.term);
  const [displayAs, setDisplayAs] = useState<string | undefined>();
  const [forms, setForms] = useState<string[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const { projectId, term } = request;
  const heard = request.correction?.before;
  useEffect(() => {
    let live = true;
    proposeVocabularyEntry(model, projectId, term, heard).then(
      (proposed) => {
        if (!live) return;
        setProposal(proposed);
        setPhrase(proposed.entry.phrase);
        setDisplayAs(proposed.entry.displayAs);
        setForms(proposed.entry.soundsLike ?? []);
        if (proposed.problems.length > 0) setError(proposed.problems.map((p) => p.reason).join(' '));
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    phraseRef.current?.focus();
    return () => {
      live = false;
    };
  }, [model, projectId, term, heard]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || !proposal || phrase.trim() === '') return;
    setBusy(true);
    const entry = { phrase: phrase.trim(), ...(displayAs?.trim() && { displayAs: displayAs.trim() }), ...(forms.length > 0 && { soundsLike: forms }) };
    const source = request.correction && request.transcriptId
      ? { kind: 'correction' as const, transcriptId: request.transcriptId, before: request.correction.before, after: request.correction.after }
      : { kind: 'manual' as const };
    model.add(request.projectId, entry, source).then(
      (stored) => {
        notify('info', `Added "${stored.displayAs ?? stored.phrase}" to the project's vocabulary${stored.soundsLike?.length ? ` (sounds like ${stored.soundsLike.map((f) => `"${f}"`).join(', ')})` : ''}.`);
        onClose();
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };

  return (
    <form
      className="vb-quick-input vb-vocabulary-dialog"
      role="dialog"
      aria-label="Add to Vocabulary"
      data-testid="vocabulary-dialog"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <label className="vb-vocabulary-field">
        Phrase
        <input ref={phraseRef} data-testid="vocabulary-phrase" value={phrase} onChange={(e) => (setPhrase(e.target.value), setError(undefined))} />
      </label>
      {displayAs !== undefined && (
        <label className="vb-vocabulary-field">
          Shown as
          <input data-testid="vocabulary-display-as" value={displayAs} onChange={(e) => setDisplayAs(e.target.value)} />
        </label>
      )}
      <div className="vb-vocabulary-forms" role="group" aria-label="Sounds like">
        <span>Sounds like</span>
        {!proposal && !error && <span className="vb-vocabulary-dim">checking…</span>}
        {proposal && forms.length === 0 && <span className="vb-vocabulary-dim">nothing (the phrase is only boosted)</span>}
        {forms.map((form) => (
          <span key={form} className="vb-vocabulary-form" data-testid="vocabulary-sounds-like" data-form={form}>
            {form}
            <button type="button" aria-label={`Remove "${form}"`} data-testid="vocabulary-remove-sounds-like" onClick={() => (setForms((all) => all.filter((f) => f !== form)), phraseRef.current?.focus())}>
              ×
            </button>
          </span>
        ))}
      </div>
      {proposal?.withheld.map((w) => (
        <p key={w.form} className="vb-vocabulary-withheld" data-testid="vocabulary-withheld" data-form={w.form}>
          Not proposed: {w.reason}
        </p>
      ))}
      {request.correction && (
        <p className="vb-vocabulary-dim">
          From the correction "{request.correction.before}" → "{request.correction.after}".
        </p>
      )}
      {error && (
        <p className="vb-quick-error" role="alert">
          {error}
        </p>
      )}
      <div className="vb-quick-options">
        <button type="submit" data-testid="vocabulary-add" disabled={!proposal || busy}>
          Add
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
