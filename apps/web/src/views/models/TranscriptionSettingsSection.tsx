import type { SpeakersSettingJson, TranscriptionSettingsJson } from '@verbatim/core/api';
import { type FormEvent, useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';

/** Where a project's transcription settings are read and changed. */
export function transcriptionSettingsPath(projectId: string): string {
  return `/api/projects/${encodeURIComponent(projectId)}/transcription-settings`;
}

type SpeakersChoice = 'auto' | 'off' | 'count';

/**
 * A project's transcription settings, applied to the jobs queued after a change: punctuation and capitals on or off,
 * and speakers found automatically, expected as a number, or not at all. Everyone in the project sees them; editors
 * and owners change them (`canChange`); the server's refusal is shown as it words it.
 */
export function TranscriptionSettingsSection({ projectId, canChange }: { projectId: string; canChange: boolean }) {
  const { api, notify } = useWorkbench();
  const [stored, setStored] = useState<TranscriptionSettingsJson>();
  const [punctuate, setPunctuate] = useState(true);
  const [choice, setChoice] = useState<SpeakersChoice>('auto');
  const [count, setCount] = useState('2');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const show = (settings: TranscriptionSettingsJson) => {
    setStored(settings);
    setPunctuate(settings.punctuate);
    setChoice(typeof settings.speakers === 'number' ? 'count' : settings.speakers);
    if (typeof settings.speakers === 'number') setCount(String(settings.speakers));
  };
  useEffect(() => {
    const abort = new AbortController();
    api.get<TranscriptionSettingsJson>(transcriptionSettingsPath(projectId), abort.signal).then(show, (err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err.message : String(err)));
    return () => abort.abort();
  }, [api, projectId]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!stored || busy) return;
    const speakers: SpeakersSettingJson = choice === 'count' ? Number(count) : choice;
    setBusy(true);
    api.put<TranscriptionSettingsJson>(transcriptionSettingsPath(projectId), { punctuate, speakers }).then(
      (settings) => {
        show(settings);
        setBusy(false);
        setError(undefined);
        notify('info', 'Saved the transcription settings: new transcriptions use them.');
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };

  return (
    <section className="model-section" data-testid="transcription-settings">
      <h3>Transcription</h3>
      {!stored && !error ? <p className="hint">Loading…</p> : null}
      {stored ? (
        <form onSubmit={submit} noValidate>
          <label className="choice">
            <input type="checkbox" data-testid="transcription-punctuate" checked={punctuate} disabled={!canChange} onChange={(e) => (setPunctuate(e.target.checked), setError(undefined))} />
            Punctuation and capitals (where the model has a punctuation model)
          </label>
          <fieldset disabled={!canChange}>
            <legend>Speakers</legend>
            {(['auto', 'count', 'off'] as const).map((value) => (
              <label key={value} className="choice">
                <input type="radio" name={`speakers-${projectId}`} value={value} data-testid="transcription-speakers" checked={choice === value} onChange={() => (setChoice(value), setError(undefined))} />
                {value === 'auto' ? 'Find them from the audio' : value === 'off' ? 'Off: one speaker' : 'Expect this many:'}
                {value === 'count' ? (
                  <input type="number" min={1} max={16} step={1} data-testid="transcription-speaker-count" aria-label="Expected number of speakers" value={count} disabled={choice !== 'count'} onChange={(e) => (setCount(e.target.value), setError(undefined))} />
                ) : null}
              </label>
            ))}
          </fieldset>
          {canChange ? (
            <button type="submit" data-testid="transcription-settings-save" disabled={busy}>
              Save
            </button>
          ) : (
            <p className="hint">The project's editors and owners change them.</p>
          )}
        </form>
      ) : null}
      {error ? (
        <p className="form-error" role="alert" data-testid="transcription-settings-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
