import { useRerenderOn, useShell } from './ShellContext.tsx';

/** The corner messages (workbench notify): each fades after a while, not while the pointer or the focus is on it; × closes it. */
export function Notifications() {
  const { notifications } = useShell();
  useRerenderOn(notifications.onDidChange);
  if (notifications.items.length === 0) return null;
  return (
    <div className="notifications" aria-live="polite">
      {notifications.items.map((n) => (
        <div
          key={n.id}
          className={`notification ${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
          data-testid="notification"
          data-kind={n.kind}
          onMouseEnter={() => notifications.hold(n.id)}
          onMouseLeave={() => notifications.release(n.id)}
          onFocus={() => notifications.hold(n.id)}
          onBlur={() => notifications.release(n.id)}
        >
          <span>{n.message}</span>
          <button type="button" className="icon-button" data-testid="notification-dismiss" aria-label="Dismiss" onClick={() => notifications.dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
