import { useCallback, useEffect, useState } from 'react';
import { ApiClient, ApiError } from '../platform/ApiClient.ts';
import type { SessionUser } from '../platform/WorkbenchContext.tsx';
import { ChangePasswordView } from '../views/login/ChangePasswordView.tsx';
import { LoginView } from '../views/login/LoginView.tsx';
import type { MeJson } from './ApiJson.ts';
import { Workbench } from './Workbench.tsx';

type Session =
  | { phase: 'loading' }
  | { phase: 'unreachable'; message: string }
  | { phase: 'login'; notice?: string }
  | { phase: 'password'; user: SessionUser; password?: string }
  | { phase: 'ready'; user: SessionUser };

/**
 * The page: asks the server who is signed in (GET /api/me), shows the login when nobody is, the password change on a
 * first login with a generated password, and the workbench once signed in; back to the login when the session ends.
 */
export function App({ api: given }: { api?: ApiClient }) {
  const [api] = useState(() => given ?? new ApiClient());
  const [session, setSession] = useState<Session>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    api
      .get<MeJson>('/api/me', abort.signal)
      .then((me) => {
        api.csrfToken = me.csrfToken ?? undefined;
        setSession(me.user.mustChangePassword ? { phase: 'password', user: me.user } : { phase: 'ready', user: me.user });
      })
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) setSession({ phase: 'login' });
        else setSession({ phase: 'unreachable', message: error instanceof Error ? error.message : String(error) });
      });
    return () => abort.abort();
  }, [api, attempt]);

  const ready = session.phase === 'ready';
  useEffect(() => {
    if (!ready) return;
    const subscription = api.onDidFailAuthentication(() => setSession({ phase: 'login', notice: 'Your session ended. Sign in again.' }));
    return () => subscription.dispose();
  }, [api, ready]);

  const signedOut = useCallback(() => {
    api.csrfToken = undefined;
    setSession({ phase: 'login' });
  }, [api]);

  switch (session.phase) {
    case 'loading':
      return <div className="splash" aria-busy="true">Verbatim</div>;
    case 'unreachable':
      return (
        <main className="login">
          <div className="login-form">
            <h1>Verbatim</h1>
            <p className="form-error" role="alert">
              The server cannot be reached: {session.message}
            </p>
            <button type="button" className="primary" onClick={() => setAttempt((a) => a + 1)}>
              Try again
            </button>
          </div>
        </main>
      );
    case 'login':
      return (
        <LoginView
          api={api}
          notice={session.notice}
          onSignedIn={(user, password) => setSession(user.mustChangePassword ? { phase: 'password', user, password } : { phase: 'ready', user })}
        />
      );
    case 'password':
      return (
        <ChangePasswordView
          api={api}
          currentPassword={session.password}
          onChanged={() => setSession({ phase: 'ready', user: { ...session.user, mustChangePassword: false } })}
          onSignOut={() => void api.post('/api/auth/logout').catch(() => {}).finally(signedOut)}
        />
      );
    case 'ready':
      return <Workbench api={api} user={session.user} onSignedOut={signedOut} />;
  }
}
