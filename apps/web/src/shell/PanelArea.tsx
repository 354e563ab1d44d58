import { Suspense } from 'react';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { useShell } from './ShellContext.tsx';
import { ProblemsPanel } from './transcriptParts.tsx';

/** The bottom panel: the active transcript's Problems (flagged words); toggled with view.problems. */
export function PanelArea() {
  const { layout, services } = useShell();
  const keys = services.keybindings.keysFor('view.problems')[0];
  return (
    <section className="panel-area" aria-labelledby="panel-title" style={{ height: layout.panelHeight }}>
      <header className="panel-header">
        <h2 className="panel-title" id="panel-title">
          Problems
        </h2>
        <button type="button" className="icon-button" aria-label="Close the panel" title={keys ? `Close (${keys})` : 'Close'} onClick={() => layout.togglePanel(false)}>
          ×
        </button>
      </header>
      <div className="panel-body">
        <ErrorBoundary label="Problems">
          <Suspense fallback={null}>
            <ProblemsPanel />
          </Suspense>
        </ErrorBoundary>
      </div>
    </section>
  );
}
