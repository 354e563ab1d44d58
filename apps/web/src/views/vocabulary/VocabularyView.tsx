import { type FormEvent, useEffect, useReducer, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import type { VocabularyEntryBody, VocabularyEntryJson } from './vocabularyJson.ts';
import { VocabularyModel } from './VocabularyModel.ts';
import './vocabulary.css';

/**
 * The project's vocabulary (`GET /api/projects/:id/vocabulary`): every phrase its transcriptions boost, with the
 * forms rewritten into it and where it came from (added by whom and when, from which correction in which recording,
 * or imported). Editors and owners add phrases, change an entry's sounds-like forms, display text and boost, and
 * delete entries; the server refuses a sounds-like form too common to be one.
 */
export function VocabularyView({ projectId }: { projectId: string }) {
  const services = useWorkbench();
  const { projects } = useShell();
  useRerenderOn(projects.onDidChange);
  const model = VocabularyModel.for(services.api);
  const canEdit = roleAtLeast(projects.project(projectId)?.role, 'editor');
  const [entries, setEntries] = useState<VocabularyEntryJson[]>();
  const [error, setError] = useState<string>();
  const [version, refresh] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    const sub = model.onDidChange((id) => id === projectId && refresh());
    return () => sub.dispose();
  }, [model, projectId]);

  useEffect(() => {
    const abort = new AbortController();
    model.list(projectId, abort.signal).then(
      (list) => {
        setEntries(list);
        setError(undefined);
      },
      (err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => abort.abort();
  }, [model, projectId, version]);

  return (
    <div className="vocabulary-view" data-testid="vocabulary-view">
      <p className="hint">
        Phrases the project's transcriptions boost. A sounds-like form is rewritten into its phrase wherever the model hears it, so common words
        are never taken as one.
      </p>
      {canEdit && <AddPhraseForm projectId={projectId} model={model} />}
      <button type="button" className="link-button" onClick={refresh}>
        Refresh
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!entries && !error && <p className="empty">Loading…</p>}
      {entries?.length === 0 && <p className="empty">No phrases yet. Correct a word in a transcript and run "Add the Correction to the Project's Vocabulary".</p>}
      <ul className="vocabulary-list">
        {entries?.map((entry) => (
          <VocabularyItem key={entry.phrase} projectId={projectId} entry={entry} model={model} canEdit={canEdit} />
        ))}
      </ul>
    </div>
  );
}

function AddPhraseForm({ projectId, model }: { projectId: string; model: VocabularyModel }) {
  const { notify } = useWorkbench();
  const [phrase, setPhrase] = useState('');
  const [error, setError] = useState<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (phrase.trim() === '') return;
    model.add(projectId, { phrase: phrase.trim() }).then(
      (stored) => {
        setPhrase('');
        setError(undefined);
        notify('info', `Added "${stored.phrase}" to the project's vocabulary.`);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  };
  return (
    <form className="vocabulary-add" onSubmit={submit}>
      <input data-testid="vocabulary-new-phrase" aria-label="New phrase" placeholder="Add a phrase…" value={phrase} onChange={(e) => setPhrase(e.target.value)} />
      <button type="submit">Add</button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function VocabularyItem({ projectId, entry, model, canEdit }: { projectId: string; entry: VocabularyEntryJson; model: VocabularyModel; canEdit: boolean }) {
  const { notify, openTranscript } = useWorkbench();
  const [mode, setMode] = useState<'show' | 'edit' | 'delete'>('show');
  const [error, setError] = useState<string>();
  const source = entry.source;

  const remove = () => {
    model.remove(projectId, entry.phrase).then(
      () => notify('info', `Removed "${entry.phrase}" from the project's vocabulary.`),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  };

  return (
    <li className="vocabulary-item" data-testid="vocabulary-item" data-phrase={entry.phrase}>
      <div className="vocabulary-phrase">
        <strong>{entry.displayAs ?? entry.phrase}</strong>
        {entry.displayAs && <span className="dim"> (spelled {entry.phrase})</span>}
        {entry.boost !== undefined && <span className="dim"> · boost {entry.boost}</span>}
      </div>
      <div className="vocabulary-sounds-like" data-testid="vocabulary-item-sounds-like">
        {entry.soundsLike?.length ? `sounds like ${entry.soundsLike.map((f) => `"${f}"`).join(', ')}` : 'no sounds-like forms'}
      </div>
      <div className="vocabulary-source dim" data-testid="vocabulary-item-source" data-source={source.kind}>
        {source.kind === 'correction' ? (
          <>
            From the correction "{source.before}" → "{source.after}"
            {source.transcriptId ? (
              <>
                {' in '}
                <button type="button" className="link-button" onClick={() => openTranscript(source.transcriptId!)}>
                  {source.mediaName ?? 'a transcript'}
                </button>
              </>
            ) : (
              ' in a transcript since deleted'
            )}
            , added by {who(entry.createdByName)}, {when(entry.createdAt)}
          </>
        ) : source.kind === 'import' ? (
          <>Imported by {who(entry.createdByName)}, {when(entry.createdAt)}</>
        ) : source.kind === 'manual' ? (
          <>Added by hand by {who(entry.createdByName)}, {when(entry.createdAt)}</>
        ) : (
          <>Added by {who(entry.createdByName)}, {when(entry.createdAt)} (before origins were recorded)</>
        )}
        {entry.updatedAt !== entry.createdAt && (
          <>
            {' '}
            · changed by {who(entry.updatedByName)}, {when(entry.updatedAt)}
          </>
        )}
      </div>
      {canEdit && mode === 'show' && (
        <div className="vocabulary-actions">
          <button type="button" className="link-button" data-testid="vocabulary-edit" onClick={() => setMode('edit')}>
            Edit
          </button>
          <button type="button" className="link-button" data-testid="vocabulary-delete" onClick={() => setMode('delete')}>
            Delete
          </button>
        </div>
      )}
      {mode === 'delete' && (
        <div className="vocabulary-actions" role="group" aria-label={`Delete "${entry.phrase}"?`}>
          <span>Delete "{entry.phrase}"?</span>
          <button type="button" data-testid="vocabulary-delete-confirm" autoFocus onClick={remove}>
            Delete
          </button>
          <button type="button" onClick={() => setMode('show')}>
            Keep
          </button>
        </div>
      )}
      {mode === 'edit' && (
        <EditEntryForm
          entry={entry}
          onSave={(changed) =>
            model.add(projectId, changed).then(
              () => (setMode('show'), setError(undefined), notify('info', `Saved "${entry.phrase}".`)),
              (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
            )
          }
          onCancel={() => (setMode('show'), setError(undefined))}
        />
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function EditEntryForm({ entry, onSave, onCancel }: { entry: VocabularyEntryJson; onSave: (entry: VocabularyEntryBody) => void; onCancel: () => void }) {
  const [soundsLike, setSoundsLike] = useState((entry.soundsLike ?? []).join(', '));
  const [displayAs, setDisplayAs] = useState(entry.displayAs ?? '');
  const [boost, setBoost] = useState(entry.boost === undefined ? '' : String(entry.boost));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const forms = soundsLike
      .split(',')
      .map((f) => f.trim().replace(/\s+/gu, ' '))
      .filter((f) => f !== '');
    const number = Number(boost);
    onSave({
      phrase: entry.phrase,
      ...(forms.length > 0 && { soundsLike: forms }),
      ...(displayAs.trim() !== '' && { displayAs: displayAs.trim() }),
      ...(boost.trim() !== '' && Number.isFinite(number) && { boost: number }),
    });
  };
  return (
    <form className="vocabulary-edit" data-testid="vocabulary-edit-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onCancel())}>
      <label>
        Sounds like (comma-separated)
        <input data-testid="vocabulary-edit-sounds-like" autoFocus value={soundsLike} onChange={(e) => setSoundsLike(e.target.value)} />
      </label>
      <label>
        Shown as
        <input data-testid="vocabulary-edit-display-as" value={displayAs} onChange={(e) => setDisplayAs(e.target.value)} />
      </label>
      <label>
        Boost
        <input data-testid="vocabulary-edit-boost" inputMode="decimal" placeholder="default" value={boost} onChange={(e) => setBoost(e.target.value)} />
      </label>
      <div className="vocabulary-actions">
        <button type="submit" data-testid="vocabulary-save">
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function who(name: string | null): string {
  return name ?? 'someone no longer here';
}

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
