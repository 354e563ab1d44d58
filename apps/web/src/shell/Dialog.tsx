import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

/** Props of {@link Dialog}. */
export interface DialogProps {
  title: string;
  children: ReactNode;
  /** The main button's label; without it the dialog only has Close. */
  confirmLabel?: string;
  /** Draws the main button as destructive. */
  danger?: boolean;
  /** Runs on the main button (or Enter in a field); the dialog stays open, busy, until it settles, and closes after. */
  onConfirm?: () => Promise<void> | void;
  onClose: () => void;
  /** The label of the button that closes without doing anything. */
  cancelLabel?: string;
  testId?: string;
}

/**
 * A modal dialog (the native `<dialog>`: focus kept inside, Escape closes, the page behind inert), rendered at the end
 * of the body. What the main action does is said in `children`; a failure is shown inside and the dialog stays open.
 */
export function Dialog({ title, children, confirmLabel, danger, onConfirm, onClose, cancelLabel = confirmLabel ? 'Cancel' : 'Close', testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement as HTMLElement | null;
    dialog.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.close();
      returnTo?.focus?.();
    };
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!onConfirm || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      close.current();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return createPortal(
    <dialog ref={ref} className="vb-dialog" aria-labelledby={titleId} data-testid={testId}>
      <form method="dialog" onSubmit={submit}>
        <h2 id={titleId} className="vb-dialog-title">
          {title}
        </h2>
        <div className="vb-dialog-body">{children}</div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" data-testid="dialog-cancel" onClick={() => close.current()} disabled={busy}>
            {cancelLabel}
          </button>
          {confirmLabel && (
            <button type="submit" data-testid="dialog-confirm" className={danger ? 'danger' : 'primary'} disabled={busy} aria-busy={busy}>
              {confirmLabel}
            </button>
          )}
        </div>
      </form>
    </dialog>,
    document.body,
  );
}
