import type { QualitySettingsJson } from '@verbatim/core/api';
import { type FormEvent, useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { didChangeQuality } from './qualityChanges.ts';

/** The settings, each with what it means, in the order the form shows them. */
const FIELDS: ReadonlyArray<{ key: keyof QualitySettingsJson; label: string; step: string; hint: string }> = [
  { key: 'minWords', label: 'Minimum verified words', step: '1', hint: 'a measure (a version, a week, a slice) is given from this many on' },
  { key: 'disparityWarningRatio', label: 'Disparity warning ratio', step: '0.1', hint: 'warn when the worst slice has this many times the WER of the best' },
  { key: 'windowWords', label: 'Alert window (words)', step: '1', hint: 'the latest verified words the alert and /metrics measure' },
  { key: 'baselineWords', label: 'Baseline (words)', step: '1', hint: "a version's first verified words, its baseline without a comparison" },
  { key: 'werMargin', label: 'WER margin', step: '0.01', hint: 'alert when the window WER exceeds the baseline by more than this' },
  { key: 'eceMargin', label: 'ECE margin', step: '0.01', hint: 'alert when the window ECE exceeds the baseline by more than this' },
];

/** Where a scope's settings are read and changed: a project's (owners change them) or the deployment's (administrators). */
export function qualitySettingsPath(projectId: string | null): string {
  return projectId === null ? '/api/quality/settings' : `/api/projects/${encodeURIComponent(projectId)}/quality-settings`;
}

/**
 * The quality settings of a project (or of the deployment): read by anyone who sees the dashboard, changed by those
 * who may (`canChange`); only the settings changed are sent, and the server's refusal is shown as it words it. Saving
 * has every view of the figures read them again.
 */
export function QualitySettingsForm({ projectId, canChange }: { projectId: string | null; canChange: boolean }) {
  const { api, notify } = useWorkbench();
  const [stored, setStored] = useState<QualitySettingsJson>();
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    api.get<QualitySettingsJson>(qualitySettingsPath(projectId), abort.signal).then(
      (settings) => {
        setStored(settings);
        setDraft(Object.fromEntries(FIELDS.map((f) => [f.key, String(settings[f.key])])));
      },
      (err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => abort.abort();
  }, [api, projectId]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!stored || busy) return;
    const patch: Record<string, number> = {};
    for (const f of FIELDS) {
      const value = Number(draft[f.key]);
      if (draft[f.key]?.trim() === '' || !Number.isFinite(value)) {
        setError(`${f.label}: a number, please.`);
        return;
      }
      if (value !== stored[f.key]) patch[f.key] = value;
    }
    if (Object.keys(patch).length === 0) return;
    setBusy(true);
    api.put<QualitySettingsJson>(qualitySettingsPath(projectId), patch).then(
      (settings) => {
        setStored(settings);
        setBusy(false);
        setError(undefined);
        notify('info', 'Saved the quality settings.');
        didChangeQuality(api);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };

  return (
    <details className="quality-settings" data-testid="quality-settings">
      <summary>Settings{projectId === null ? ' of the deployment' : ''}</summary>
      {!stored && !error ? <p className="empty">Loading…</p> : null}
      {stored ? (
        <form onSubmit={submit}>
          {FIELDS.map((f) => (
            <label key={f.key} className="quality-setting" title={f.hint}>
              <span>{f.label}</span>
              <input
                type="number"
                step={f.step}
                data-testid="quality-setting"
                data-setting={f.key}
                value={draft[f.key] ?? ''}
                readOnly={!canChange}
                onChange={(e) => (setDraft({ ...draft, [f.key]: e.target.value }), setError(undefined))}
              />
              <span className="quality-dim">{f.hint}</span>
            </label>
          ))}
          {canChange ? (
            <button type="submit" data-testid="quality-settings-save" disabled={busy}>
              Save
            </button>
          ) : (
            <p className="quality-dim">{projectId === null ? 'Administrators change them.' : "The project's owners change them."}</p>
          )}
        </form>
      ) : null}
      {error ? (
        <p className="form-error" role="alert" data-testid="quality-settings-error">
          {error}
        </p>
      ) : null}
    </details>
  );
}
