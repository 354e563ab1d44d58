import { type FormEvent, useState } from 'react';
import type { ApiClient } from '../../platform/ApiClient.ts';
import type { SessionUser } from '../../platform/WorkbenchContext.tsx';

/** Props of {@link LoginView}. */
export interface LoginViewProps {
  api: ApiClient;
  /** Called with the account and the password that signed in (a first login must change it next). */
  onSignedIn: (user: SessionUser, password: string) => void;
  /** Shown above the form, e.g. "Your session ended". */
  notice?: string | undefined;
}

/** The sign-in form: POST /api/auth/login; the server's message on failure. */
export function LoginView({ api, onSignedIn, notice }: LoginViewProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { user, csrfToken } = await api.post<{ user: SessionUser; csrfToken: string }>('/api/auth/login', { email, password });
      api.csrfToken = csrfToken;
      onSignedIn(user, password);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Verbatim</h1>
        {notice && <p className="login-notice">{notice}</p>}
        <label>
          Email
          <input data-testid="login-email" type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input data-testid="login-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button data-testid="login-submit" type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
