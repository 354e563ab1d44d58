import { type FormEvent, type ReactNode, useState } from 'react';

/**
 * An inline form that asks why before an action that the history records (set, promote, roll back), with what else
 * the action needs as `children`. A refusal (`run` throws) is shown in place and the form stays.
 */
export function ReasonForm({
  label,
  confirmLabel,
  initialReason = '',
  danger,
  run,
  onDone,
  testId,
  children,
}: {
  label: string;
  confirmLabel: string;
  initialReason?: string;
  danger?: boolean;
  run: (reason: string) => Promise<unknown>;
  onDone: () => void;
  testId: string;
  children?: ReactNode;
}) {
  const [reason, setReason] = useState(initialReason);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (reason.trim() === '') {
      setError('Say why (it is kept in the alias history).');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await run(reason.trim());
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <form className="model-form" data-testid={testId} aria-label={label} onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onDone())}>
      <label>
        Why?
        <input data-testid="model-reason" autoFocus value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      {children}
      {error && (
        <p className="form-error" role="alert" data-testid="model-form-error">
          {error}
        </p>
      )}
      <div className="model-actions">
        <button type="submit" data-testid="model-form-confirm" className={danger ? 'danger' : 'primary'} disabled={busy} aria-busy={busy}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
