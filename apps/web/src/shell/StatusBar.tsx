import type { StatusItem } from '../platform/StatusBarService.ts';
import { useRerenderOn, useShell } from './ShellContext.tsx';

/** The status bar: every part's items, left and right, each with the test id `status-<id>`; a click runs its command. */
export function StatusBar() {
  const { services } = useShell();
  useRerenderOn(services.status.onDidChange);
  const items = services.status.items();
  const left = items.filter((i) => (i.alignment ?? 'left') === 'left');
  // the right side reads from the outside in: highest priority rightmost
  const right = items.filter((i) => i.alignment === 'right').reverse();

  const render = (item: StatusItem) => {
    const props = { 'data-testid': `status-${item.id}`, title: item.title, className: 'status-item' };
    return item.command ? (
      <button key={item.id} type="button" {...props} onClick={() => void services.commands.execute(item.command!)}>
        {item.text}
      </button>
    ) : (
      <span key={item.id} {...props}>
        {item.text}
      </span>
    );
  };

  return (
    <footer className="status-bar" role="status" aria-live="off">
      <div className="status-left">{left.map(render)}</div>
      <div className="status-right">{right.map(render)}</div>
    </footer>
  );
}
