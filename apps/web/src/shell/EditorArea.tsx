import { type KeyboardEvent, lazy, type MouseEvent, Suspense } from 'react';
import { AccountsView } from '../views/accounts/AccountsView.tsx';
import { KeybindingsView } from '../views/keybindings/KeybindingsView.tsx';
import { MembersView } from '../views/members/MembersView.tsx';
import { ModelHistoryPage } from '../views/models/ModelHistoryPage.tsx';
import { ProjectModelsPage } from '../views/models/ProjectModelsPage.tsx';
import { SettingsView } from '../views/settings/SettingsView.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { type EditorInput, editorKey } from './LayoutModel.ts';
import { useRerenderOn, useShell } from './ShellContext.tsx';
import { type TabName, tabDescriptions } from './tabDescriptions.ts';
import { TranscriptTab } from './transcriptParts.tsx';

// the dashboard brings Chart.js: loaded when first opened
const QualityDashboard = lazy(() => import('../views/quality/QualityDashboard.tsx'));
// the operator page brings the audio capture: loaded when a live session is first opened
const LiveOperatorPage = lazy(() => import('../views/live/LiveOperatorPage.tsx'));

/**
 * The editor area: one tab per open transcript (and the Keyboard Shortcuts and project settings editors). Every
 * open tab stays mounted, hidden when inactive, so switching back is instant and keeps the document's state.
 */
export function EditorArea() {
  const { layout, projects, services } = useShell();
  useRerenderOn(layout.onDidChange, projects.onDidChange);
  const tabs = layout.tabs;

  const nameOf = (input: EditorInput): TabName => {
    switch (input.kind) {
      case 'transcript': {
        const found = projects.findTranscript(input.transcriptId);
        const project = projects.project(found?.transcript.projectId)?.name;
        const uploaded = found?.media ? `uploaded ${dateTime(found.media.createdAt)}` : undefined;
        const transcribed = found ? `${found.transcript.model.id} ${found.transcript.model.version}, ${dateTime(found.transcript.createdAt)}` : undefined;
        return { name: projects.titleOf(input.transcriptId), details: [project ?? '', uploaded ?? '', transcribed ?? ''] };
      }
      case 'keybindings':
        return { name: 'Keyboard Shortcuts', details: [] };
      case 'members':
        return { name: `Project: ${projects.project(input.projectId)?.name ?? '…'}`, details: [] };
      case 'accounts':
        return { name: 'Accounts', details: [] };
      case 'settings':
        return { name: 'Settings', details: [] };
      case 'model-history':
        return { name: input.projectId ? `Model Alias History: ${projects.project(input.projectId)?.name ?? '…'}` : 'Model Alias History', details: [] };
      case 'project-models':
        return { name: `Models: ${projects.project(input.projectId)?.name ?? '…'}`, details: [] };
      case 'quality':
        return { name: `Quality: ${input.projectId === null ? 'All Projects' : (projects.project(input.projectId)?.name ?? '…')}`, details: [] };
      case 'live':
        return { name: `Live: ${input.title ?? input.sessionId.slice(0, 8)}`, details: [] };
    }
  };
  // tabs of the same name (one file name in two projects) get what tells them apart beside the name
  const names = tabs.map(nameOf);
  const descriptions = tabDescriptions(names);
  const titleOf = (input: EditorInput): string => {
    const i = tabs.indexOf(input);
    const name = names[i] ?? nameOf(input);
    return descriptions[i] ? `${name.name} — ${descriptions[i]}` : name.name;
  };

  const onTabKey = (e: KeyboardEvent) => {
    if (e.key === 'Delete' && layout.activeKey) {
      e.preventDefault();
      layout.closeEditor(layout.activeKey);
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.editor-tab[aria-selected="true"]')?.focus());
      return;
    }
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    layout.cycleEditor(e.key === 'ArrowRight' ? 1 : -1);
    // follow the selection with the focus, as a tablist does
    requestAnimationFrame(() => document.querySelector<HTMLElement>('.editor-tab[aria-selected="true"]')?.focus());
  };

  if (tabs.length === 0) {
    const paletteKeys = services.keybindings.keysFor('workbench.showCommands').join(' or ');
    return (
      <section className="editor-area editor-empty" aria-label="Editor">
        <div>
          <p>Open a transcript from the Explorer.</p>
          <p>
            Show all commands <kbd>{paletteKeys || 'from the palette'}</kbd>
          </p>
        </div>
      </section>
    );
  }

  return (
    <section className="editor-area" aria-label="Editor">
      <div className="editor-tabs" role="tablist" aria-label="Open editors" onKeyDown={onTabKey}>
        {tabs.map((input) => {
          const key = editorKey(input);
          const active = key === layout.activeKey;
          const close = (e: MouseEvent) => {
            e.stopPropagation();
            layout.closeEditor(key);
          };
          return (
            <div
              key={key}
              role="tab"
              id={`tab-${key}`}
              aria-selected={active}
              aria-controls={`panel-${key}`}
              tabIndex={active ? 0 : -1}
              className={active ? 'editor-tab active' : 'editor-tab'}
              {...(input.kind === 'transcript' ? { 'data-testid': 'editor-tab', 'data-transcript-id': input.transcriptId } : {})}
              title={titleOf(input)}
              onClick={() => layout.activateEditor(key)}
              // the middle button closes, as in VS Code; mousedown's default would start auto-scrolling
              onMouseDown={(e) => e.button === 1 && e.preventDefault()}
              onAuxClick={(e) => e.button === 1 && close(e)}
            >
              <span className="editor-tab-title">{names[tabs.indexOf(input)]!.name}</span>
              {descriptions[tabs.indexOf(input)] ? <span className="editor-tab-description">{descriptions[tabs.indexOf(input)]}</span> : null}
              {/* for the pointer only: a button inside a tab is a control inside a control, which assistive technology
                  cannot reach; the keyboard closes the focused tab with Delete (or Close Editor, Alt+W) */}
              <span className="editor-tab-close" aria-hidden="true" title={`Close ${titleOf(input)}`} onClick={close}>
                ×
              </span>
            </div>
          );
        })}
      </div>
      <div className="editor-panels">
        {tabs.map((input) => {
          const key = editorKey(input);
          const active = key === layout.activeKey;
          return (
            // a page (settings, models, history…) may be a long read with nothing focusable in it: the panel itself takes
            // the focus then, so the keyboard can scroll it (ARIA tabs pattern); a transcript's editor is its own stop
            <div
              key={key}
              role="tabpanel"
              id={`panel-${key}`}
              aria-labelledby={`tab-${key}`}
              className="editor-panel"
              hidden={!active}
              tabIndex={input.kind === 'transcript' ? undefined : 0}
            >
              <ErrorBoundary label={titleOf(input)}>
                <Suspense fallback={<div className="placeholder">Loading the editor…</div>}>{editorFor(input, active)}</Suspense>
              </ErrorBoundary>
            </div>
          );
        })}
      </div>
    </section>
  );
}

function editorFor(input: EditorInput, active: boolean) {
  switch (input.kind) {
    case 'transcript':
      return <TranscriptTab transcriptId={input.transcriptId} active={active} />;
    case 'keybindings':
      return <KeybindingsView />;
    case 'members':
      return <MembersView projectId={input.projectId} />;
    case 'accounts':
      return <AccountsView />;
    case 'settings':
      return <SettingsView />;
    case 'model-history':
      return <ModelHistoryPage {...(input.projectId && { projectId: input.projectId })} />;
    case 'project-models':
      return <ProjectModelsPage projectId={input.projectId} />;
    case 'quality':
      return <QualityDashboard projectId={input.projectId} />;
    case 'live':
      return <LiveOperatorPage sessionId={input.sessionId} />;
  }
}

function dateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
