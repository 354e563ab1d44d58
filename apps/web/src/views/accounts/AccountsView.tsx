import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { Dialog } from '../../shell/Dialog.tsx';

/** An account as administrators see it (`GET /api/users`). */
export interface AccountJson {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  mustChangePassword: boolean;
  createdAt: number;
  disabledAt: number | null;
}

type Pending = { kind: 'reset' | 'deactivate'; account: AccountJson };
type Revealed = { email: string; password: string; why: string };

/**
 * The administrators' Accounts editor: every account with its state; create one (the server generates a one-time
 * password, shown here once), reset a password to a new one-time one (the account's sessions and tokens end), and
 * deactivate or reactivate an account. Administrators cannot deactivate themselves.
 */
export function AccountsView() {
  const { api, user, notify } = useWorkbench();
  const [accounts, setAccounts] = useState<AccountJson[]>();
  const [error, setError] = useState<string>();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [isAdmin, setIsAdmin] = useState(false);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending>();
  // a one-time password the server just made: shown once, in its own dialog
  const [revealed, setRevealed] = useState<Revealed>();

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        setAccounts((await api.get<{ users: AccountJson[] }>('/api/users', signal)).users);
        setError(undefined);
      } catch (err) {
        if (!signal?.aborted) setError(err instanceof Error ? err.message : String(err));
      }
    },
    [api],
  );

  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [load]);

  if (!user.isAdmin) return <p className="empty">Only administrators manage accounts.</p>;

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const created = await api.post<{ user: AccountJson; password: string }>('/api/users', {
        email: email.trim(),
        ...(name.trim() ? { displayName: name.trim() } : {}),
        isAdmin,
      });
      setEmail('');
      setName('');
      setIsAdmin(false);
      setRevealed({ email: created.user.email, password: created.password, why: 'The account was created.' });
      await load();
    } catch (err) {
      notify('error', `The account could not be created: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const reactivate = async (account: AccountJson) => {
    try {
      await api.patch(`/api/users/${account.id}`, { disabled: false });
      notify('info', `${account.email} can sign in again.`);
      await load();
    } catch (err) {
      notify('error', `${account.email} could not be reactivated: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <div className="settings-editor" data-testid="accounts-view">
      <h1>Accounts</h1>
      <section aria-labelledby="accounts-create">
        <h2 id="accounts-create">New account</h2>
        <form className="account-create" onSubmit={create}>
          <input data-testid="account-email" type="email" required aria-label="Email address" placeholder="Email address" value={email} onChange={(e) => setEmail(e.target.value)} />
          <input data-testid="account-name" aria-label="Display name (optional)" placeholder="Display name (optional)" value={name} onChange={(e) => setName(e.target.value)} />
          <label className="choice">
            <input type="checkbox" checked={isAdmin} onChange={(e) => setIsAdmin(e.target.checked)} /> Administrator
          </label>
          <button data-testid="account-create" type="submit" className="primary" disabled={busy || !email.trim()}>
            Create
          </button>
        </form>
        <p className="hint">The server makes a one-time password, shown once; the person must choose their own at the first sign-in.</p>
      </section>
      <section aria-labelledby="accounts-list">
        <h2 id="accounts-list">Everyone</h2>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {!accounts && !error && <p className="empty">Loading accounts…</p>}
        {accounts && (
          <table className="accounts-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id} data-testid="account-row" data-email={a.email} data-disabled={a.disabledAt !== null}>
                  <td>
                    {a.displayName}
                    {a.id === user.id && <span className="dim"> (you)</span>}
                  </td>
                  <td>{a.email}</td>
                  <td className={a.disabledAt === null ? 'account-state' : 'account-state disabled'}>
                    {[a.disabledAt === null ? 'active' : `deactivated ${new Date(a.disabledAt).toLocaleDateString()}`, a.isAdmin ? 'administrator' : '', a.mustChangePassword ? 'one-time password' : '']
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                  <td className="actions">
                    <button type="button" data-testid="account-reset" aria-label={`Reset password of ${a.email}`} onClick={() => setPending({ kind: 'reset', account: a })}>
                      Reset password
                    </button>
                    {a.disabledAt === null ? (
                      a.id !== user.id && (
                        <button type="button" data-testid="account-deactivate" aria-label={`Deactivate ${a.email}`} onClick={() => setPending({ kind: 'deactivate', account: a })}>
                          Deactivate
                        </button>
                      )
                    ) : (
                      <button type="button" data-testid="account-reactivate" aria-label={`Reactivate ${a.email}`} onClick={() => void reactivate(a)}>
                        Reactivate
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {pending?.kind === 'reset' && (
        <Dialog
          title={`Reset the password of ${pending.account.email}?`}
          confirmLabel="Reset Password"
          danger
          testId="account-reset-dialog"
          onClose={() => setPending(undefined)}
          onConfirm={async () => {
            const { password } = await api.post<{ password: string }>(`/api/users/${pending.account.id}/password`, {});
            setRevealed({ email: pending.account.email, password, why: 'The password was reset.' });
            await load();
          }}
        >
          <p>The server makes a new one-time password, shown once. The current password stops working, every session and API token of the account ends now, and the person must choose a new password at the next sign-in.</p>
        </Dialog>
      )}
      {pending?.kind === 'deactivate' && (
        <Dialog
          title={`Deactivate ${pending.account.email}?`}
          confirmLabel="Deactivate"
          danger
          testId="account-deactivate-dialog"
          onClose={() => setPending(undefined)}
          onConfirm={async () => {
            await api.patch(`/api/users/${pending.account.id}`, { disabled: true });
            await load();
          }}
        >
          <p>
            {pending.account.displayName} can no longer sign in; their sessions end now and open transcripts close, and their API tokens stop working. Their projects,
            recordings and edits stay. You can reactivate the account later.
          </p>
        </Dialog>
      )}
      {revealed && !pending && (
        <Dialog title={`One-time password for ${revealed.email}`} cancelLabel="Done" testId="one-time-password-dialog" onClose={() => setRevealed(undefined)}>
          <p>{revealed.why} Give this password to the person; it is shown only now and must be changed at the first sign-in.</p>
          <p className="one-time-password">
            <code data-testid="one-time-password">{revealed.password}</code>
            <button type="button" onClick={() => void navigator.clipboard?.writeText(revealed.password).then(() => notify('info', 'Copied.'), () => {})}>
              Copy
            </button>
          </p>
        </Dialog>
      )}
    </div>
  );
}
