import { useMenu } from '../platform/useMenu.ts';
import { useShell } from './ShellContext.tsx';

/** The account button at the bottom of the activity bar: who is signed in, shortcuts, the palette and sign-out. */
export function AccountMenu() {
  const controller = useShell();
  const { services, layout } = controller;
  const { open, setOpen, button, menu, onKeyDown: onMenuKey } = useMenu();

  const choose = (run: () => void) => () => {
    setOpen(false);
    run();
  };
  const { user } = services;
  return (
    <div className="account">
      <button
        ref={button}
        type="button"
        className="activity"
        data-testid="account-menu"
        aria-label={`Account: ${user.displayName}`}
        aria-haspopup="menu"
        aria-expanded={open}
        title={`${user.displayName} (${user.email})`}
        onClick={() => setOpen((o) => !o)}
      >
        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.6">
          <circle cx="12" cy="8" r="4" />
          <path d="M4 21c1-4.5 4.5-6 8-6s7 1.5 8 6" />
        </svg>
      </button>
      {open && (
        <div ref={menu} className="menu" role="menu" aria-label="Account" onKeyDown={onMenuKey}>
          <div className="menu-header">
            {user.displayName}
            <br />
            <span className="dim">{user.email}</span>
          </div>
          <button type="button" role="menuitem" tabIndex={-1} onClick={choose(() => layout.setPaletteOpen(true))}>
            Command Palette…
          </button>
          <button type="button" role="menuitem" tabIndex={-1} onClick={choose(() => layout.openEditor({ kind: 'keybindings' }))}>
            Keyboard Shortcuts
          </button>
          <button type="button" role="menuitem" tabIndex={-1} data-testid="open-settings" onClick={choose(() => layout.openEditor({ kind: 'settings' }))}>
            Settings
          </button>
          {user.isAdmin && (
            <button type="button" role="menuitem" tabIndex={-1} data-testid="open-accounts" onClick={choose(() => layout.openEditor({ kind: 'accounts' }))}>
              Accounts
            </button>
          )}
          <button type="button" role="menuitem" tabIndex={-1} data-testid="sign-out" onClick={choose(() => void controller.signOut())}>
            Sign Out
          </button>
        </div>
      )}
    </div>
  );
}
