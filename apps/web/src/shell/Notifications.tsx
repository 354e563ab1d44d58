import { useRerenderOn, useShell } from './ShellContext.tsx';

/** The corner messages (workbench notify): information fades, errors stay until closed. */
export function Notifications() {
  const { notifications } = useShell();
  useRerenderOn(notifications.onDidChange);
  if (notifications.items.length === 0) return null;
  return (
    <div className="notifications" aria-live="polite">
      {notifications.items.map((n) => (
        <div key={n.id} className={`notification ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="notification">
          <span>{n.message}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => notifications.dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
