import { type FormEvent, useState } from 'react';
import type { ApiClient } from '../../platform/ApiClient.ts';

/** Props of {@link ChangePasswordView}. */
export interface ChangePasswordViewProps {
  api: ApiClient;
  /** The password just used to sign in, when known (then the form does not ask for it again). */
  currentPassword?: string | undefined;
  onChanged: () => void;
  onSignOut: () => void;
}

/**
 * The forced first-login password change: POST /api/me/password { currentPassword, newPassword }. There is no way
 * past it but changing the password or signing out: the server refuses everything else to a one-time password.
 */
export function ChangePasswordView({ api, currentPassword, onChanged, onSignOut }: ChangePasswordViewProps) {
  const [current, setCurrent] = useState(currentPassword ?? '');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) {
      setError('The two new passwords differ.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/me/password', { currentPassword: current, newPassword: next });
      onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-form" onSubmit={submit} aria-labelledby="password-title">
        <h1 id="password-title">Choose a new password</h1>
        <p className="login-notice">This account still has its one-time password. Choose your own to continue.</p>
        {currentPassword === undefined && (
          <label>
            Current password
            <input data-testid="password-current" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
          </label>
        )}
        <label>
          New password (at least 10 characters, not easy to guess, without your email or name)
          <input data-testid="password-new" type="password" autoComplete="new-password" required autoFocus value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
        <label>
          Repeat the new password
          <input data-testid="password-repeat" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
          <button data-testid="password-submit" type="submit" className="primary" disabled={busy}>
            Change password
          </button>
        </div>
      </form>
    </main>
  );
}
