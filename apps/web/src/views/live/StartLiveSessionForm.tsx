import type { LmModeJson } from '@verbatim/core/api';
import { type FormEvent, useState } from 'react';
import { useShell } from '../../shell/ShellContext.tsx';
import { lmModeFor } from '../models/lmModeFor.ts';
import { useModels, useProjectDefaultModel } from '../models/useModels.ts';
import { useLiveService } from './useLiveService.ts';

const LM_MODES: readonly { mode: LmModeJson; label: string }[] = [
  { mode: 'adapted', label: "Adapted to the project's vocabulary and plugins (the default)" },
  { mode: 'base', label: "The model's own, as shipped" },
  { mode: 'off', label: 'None (the acoustic model alone)' },
];

/**
 * "Start Live Session…" in the Live view: the talk's title, the model to caption with (the project's default
 * unless another is chosen) and its word language model (adapted, the model's own, or none; a model without one
 * captions with none). Starting opens the session's operator page, which captures at once.
 */
export function StartLiveSessionForm({ projectId, onDone }: { projectId: string; onDone: () => void }) {
  const { layout } = useShell();
  const live = useLiveService();
  const models = useModels();
  const fallback = useProjectDefaultModel(projectId);
  const [title, setTitle] = useState('');
  const [model, setModel] = useState('');
  const [lm, setLm] = useState<LmModeJson>('adapted');
  const noLm = (model === '' ? fallback : models.models?.find((m) => m.ref === model))?.hasLm === false;
  const mode = lmModeFor(noLm ? { hasLm: false } : undefined, lm);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim() || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const session = await live.start(projectId, { title: title.trim(), ...(model && { model }), lm: mode });
      layout.openEditor({ kind: 'live', sessionId: session.id, title: session.title });
      onDone();
    } catch (err) {
      // a viewer who got here anyway sees the server's refusal
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <form className="live-start-form" data-testid="live-start-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <label>
        Title
        <input data-testid="live-title" autoFocus maxLength={200} placeholder="What is being captioned" value={title} disabled={busy} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        Model
        <select data-testid="live-model" value={model} disabled={busy} onChange={(e) => setModel(e.target.value)}>
          <option value="">The project's default{fallback ? ` (${fallback.ref})` : ''}</option>
          {models.models?.map((m) => (
            <option key={m.ref} value={m.ref}>
              {m.ref}
            </option>
          ))}
        </select>
      </label>
      <label>
        Language model
        <select data-testid="live-lm" value={mode} disabled={busy} onChange={(e) => setLm(e.target.value as LmModeJson)}>
          {LM_MODES.map(({ mode: option, label }) => (
            <option key={option} value={option} disabled={noLm && option !== 'off'}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p className="form-error" role="alert" data-testid="live-start-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="primary" data-testid="live-start-submit" disabled={busy || !title.trim()} aria-busy={busy}>
          Start
        </button>
      </div>
      <p className="hint">The operator page opens and captures from your microphone; choose another input there.</p>
    </form>
  );
}
