import { Suspense, useState } from 'react';
import { ExplorerView } from '../views/explorer/ExplorerView.tsx';
import { PluginsView } from '../views/plugins/PluginsView.tsx';
import { ProjectPicker } from '../views/ProjectPicker.tsx';
import { QualityView } from '../views/quality/QualityView.tsx';
import { SearchView } from '../views/search/SearchView.tsx';
import { VocabularyView } from '../views/vocabulary/VocabularyView.tsx';
import { ModelsView } from '../views/models/ModelsView.tsx';
import { LiveView } from '../views/live/LiveView.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import type { ViewId } from './LayoutModel.ts';
import { useRerenderOn, useShell } from './ShellContext.tsx';
import { ReviewView } from './transcriptParts.tsx';

const TITLES: Record<ViewId, string> = {
  explorer: 'Explorer',
  search: 'Search',
  review: 'Review',
  plugins: 'Plugins',
  quality: 'Quality',
  vocabulary: 'Vocabulary',
  models: 'Models',
  live: 'Live Sessions',
};

/**
 * The side bar: the active view under its title. Views stay mounted once shown (a search keeps its query and
 * results while another view is open); the project-scoped ones show the active project and a picker for it.
 */
export function SideBar() {
  const { layout, projects } = useShell();
  useRerenderOn(layout.onDidChange, projects.onDidChange);
  const [shown] = useState(() => new Set<ViewId>());
  shown.add(layout.view);
  const project = projects.activeProject;

  const body = (view: ViewId) => {
    if (view === 'explorer') return <ExplorerView />;
    // the models are the deployment's: shown without a project too
    if (view === 'models') return <ModelsView projectId={project?.id} />;
    if (!project) return <p className="empty">Create a project in the Explorer first.</p>;
    switch (view) {
      case 'search':
        return <SearchView projectId={project.id} />;
      case 'review':
        return <ReviewView projectId={project.id} />;
      case 'plugins':
        return <PluginsView projectId={project.id} />;
      case 'quality':
        return <QualityView projectId={project.id} />;
      case 'vocabulary':
        return <VocabularyView projectId={project.id} />;
      case 'live':
        return <LiveView projectId={project.id} />;
    }
  };

  return (
    <aside id="sidebar" className="sidebar" role="tabpanel" aria-label={TITLES[layout.view]} style={{ width: layout.sidebarWidth }}>
      <h2 className="sidebar-title">{TITLES[layout.view]}</h2>
      {layout.view !== 'explorer' && <ProjectPicker />}
      {[...shown].map((view) => (
        <div key={view} className="sidebar-view" hidden={view !== layout.view}>
          <ErrorBoundary key={view === 'explorer' ? view : `${view}:${project?.id}`} label={TITLES[view]}>
            <Suspense fallback={<p className="empty">Loading…</p>}>{body(view)}</Suspense>
          </ErrorBoundary>
        </div>
      ))}
    </aside>
  );
}
