import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useShell } from './ShellContext.tsx';

/** The account button at the bottom of the activity bar: who is signed in, shortcuts, the palette and sign-out. */
export function AccountMenu() {
  const controller = useShell();
  const { services, layout } = controller;
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', onDown, true);
    return () => window.removeEventListener('pointerdown', onDown, true);
  }, [open]);

  const choose = (run: () => void) => () => {
    setOpen(false);
    run();
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      setOpen(false);
      button.current?.focus();
    }
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
