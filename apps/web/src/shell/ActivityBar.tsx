import type { KeyboardEvent, ReactNode } from 'react';
import { AccountMenu } from './AccountMenu.tsx';
import { type ViewId, VIEW_IDS } from './LayoutModel.ts';
import { useRerenderOn, useShell } from './ShellContext.tsx';

const LABELS: Record<ViewId, string> = {
  explorer: 'Explorer',
  search: 'Search',
  review: 'Review',
  plugins: 'Plugins',
  quality: 'Quality',
  vocabulary: 'Vocabulary',
  models: 'Models',
  live: 'Live Sessions',
};

// 24×24 line icons, drawn with currentColor so they follow the theme
const ICONS: Record<ViewId, ReactNode> = {
  explorer: <path d="M4 4h6l2 2h8v13H4z M4 9h16" />,
  search: (
    <>
      <circle cx="10.5" cy="10.5" r="6" />
      <path d="M15 15l5 5" />
    </>
  ),
  review: (
    <>
      <path d="M4 5h16v11H9l-5 4z" />
      <path d="M8.5 10.5l2 2 4-4" />
    </>
  ),
  plugins: <path d="M9 3v4H5v5h3a2 2 0 1 1 0 4H5v5h5v-3a2 2 0 1 1 4 0v3h5v-5h-3a2 2 0 1 1 0-4h3V7h-4V3z" />,
  quality: <path d="M4 20V10 M10 20V4 M16 20v-7 M3 20h18" />,
  vocabulary: <path d="M5 4h11l3 3v13H5z M8 9h8 M8 13h8 M8 17h5" />,
  // a stack of layers: installed model versions
  models: <path d="M12 3l9 5-9 5-9-5z M3 12l9 5 9-5 M3 16l9 5 9-5" />,
  // a microphone with waves: live captions
  live: <path d="M10 4a2 2 0 0 1 4 0v7a2 2 0 0 1-4 0z M6.5 10.5a5.5 5.5 0 0 0 11 0 M12 16v4 M9 20h6 M3.5 7.5v6 M20.5 7.5v6" />,
};

/** The strip of view icons on the left; the active view's icon is marked. */
export function ActivityBar() {
  const controller = useShell();
  const { layout, services } = controller;
  useRerenderOn(layout.onDidChange, services.keybindings.onDidChange);
  return (
    <nav className="activity-bar" aria-label="Views">
      <div role="tablist" aria-orientation="vertical" aria-label="Side bar views" onKeyDown={moveFocus}>
        {VIEW_IDS.map((view) => {
          const selected = layout.sidebarVisible && layout.view === view;
          const keys = services.keybindings.keysFor(`view.${view}`)[0];
          return (
            <button
              key={view}
              type="button"
              role="tab"
              data-testid={`activity-${view}`}
              aria-selected={selected}
              tabIndex={view === layout.view ? 0 : -1}
              aria-controls="sidebar"
              aria-label={LABELS[view]}
              title={keys ? `${LABELS[view]} (${keys})` : LABELS[view]}
              className={selected ? 'activity active' : 'activity'}
              onClick={() => layout.showView(view)}
            >
              <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" strokeLinecap="round">
                {ICONS[view]}
              </svg>
            </button>
          );
        })}
      </div>
      <div className="activity-bottom">
        <AccountMenu />
      </div>
    </nav>
  );
}

// a vertical tablist: Up and Down move between the view buttons
function moveFocus(e: KeyboardEvent<HTMLElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  e.preventDefault();
  const tabs = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')];
  const at = tabs.indexOf(document.activeElement as HTMLElement);
  tabs[(at + (e.key === 'ArrowDown' ? 1 : -1) + tabs.length) % tabs.length]?.focus();
}
