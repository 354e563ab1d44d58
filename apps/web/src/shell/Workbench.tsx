import { useEffect, useState } from 'react';
import type { ApiClient } from '../platform/ApiClient.ts';
import { type SessionUser, WorkbenchContext } from '../platform/WorkbenchContext.tsx';
import { CommandPalette } from '../views/palette/CommandPalette.tsx';
import { ModelDialogHost } from '../views/models/ModelDialogHost.tsx';
import { ActivityBar } from './ActivityBar.tsx';
import { DeleteDialogHost } from './DeleteDialog.tsx';
import { EditorArea } from './EditorArea.tsx';
import { Notifications } from './Notifications.tsx';
import { PanelArea } from './PanelArea.tsx';
import { ShellContext, useRerenderOn } from './ShellContext.tsx';
import { SideBar } from './SideBar.tsx';
import { StatusBar } from './StatusBar.tsx';
import { WorkbenchController } from './WorkbenchController.ts';
import { PANEL_HEIGHT, SIDEBAR_WIDTH } from './LayoutModel.ts';
import { Sash } from './Sash.tsx';
import { preloadTranscriptParts } from './transcriptParts.tsx';

/** Screens up to this wide get the phone layout (see narrow.css). */
export const NARROW_QUERY = '(max-width: 640px)';

/** Props of {@link Workbench}. */
export interface WorkbenchProps {
  api: ApiClient;
  user: SessionUser;
  onSignedOut: () => void;
}

/** The signed-in workbench: creates its controller, attaches it to the window and lays out the shell. */
export function Workbench({ api, user, onSignedOut }: WorkbenchProps) {
  const [controller, setController] = useState<WorkbenchController>();

  useEffect(() => {
    const created = new WorkbenchController(api, user, { signOut: onSignedOut });
    const started = created.start(window);
    setController(created);
    return () => {
      started.dispose();
      created.dispose();
    };
  }, [api, user, onSignedOut]);

  // the editor's chunk (Slate, Yjs, wavesurfer) loads once the shell is idle, before a transcript is opened
  useEffect(() => (controller ? preloadTranscriptParts() : undefined), [controller]);

  if (!controller) return <div className="splash" aria-busy="true">Verbatim</div>;
  return <WorkbenchShell controller={controller} />;
}

/** The shell's layout over a started controller, with the contexts its parts read. */
export function WorkbenchShell({ controller }: { controller: WorkbenchController }) {
  return (
    <ShellContext.Provider value={controller}>
      <WorkbenchContext.Provider value={controller.services}>
        <Layout controller={controller} />
      </WorkbenchContext.Provider>
    </ShellContext.Provider>
  );
}

function Layout({ controller }: { controller: WorkbenchController }) {
  const { layout, projects } = controller;
  useRerenderOn(layout.onDidChange);
  const activeTranscript = layout.activeTranscriptId;
  useEffect(() => {
    const update = () => {
      document.title = activeTranscript ? `${projects.titleOf(activeTranscript)} — Verbatim` : 'Verbatim';
    };
    update();
    const subscription = projects.onDidChange(update);
    return () => subscription.dispose();
  }, [activeTranscript, projects]);
  // a phone: the side bar becomes a drawer over the editor
  useEffect(() => {
    const query = window.matchMedia?.(NARROW_QUERY);
    if (!query) return;
    const update = () => layout.setNarrow(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, [layout]);
  return (
    <div className="workbench">
      <div className="workbench-main">
        <ActivityBar />
        {layout.sidebarVisible && (
          <>
            {layout.narrow && (
              <button type="button" className="drawer-backdrop" data-testid="drawer-backdrop" aria-label="Close the side bar" tabIndex={-1} onClick={() => layout.toggleSidebar(false)} />
            )}
            <SideBar />
            <Sash
              orientation="vertical"
              label="Resize the side bar"
              size={layout.sidebarWidth}
              min={SIDEBAR_WIDTH.min}
              max={SIDEBAR_WIDTH.max}
              direction={1}
              onResize={(px) => layout.setSidebarWidth(px)}
              onReset={() => layout.setSidebarWidth(SIDEBAR_WIDTH.initial)}
            />
          </>
        )}
        <div className="workbench-center">
          <EditorArea />
          {layout.panelVisible && (
            <>
              <Sash
                orientation="horizontal"
                label="Resize the panel"
                size={layout.panelHeight}
                min={PANEL_HEIGHT.min}
                max={PANEL_HEIGHT.max}
                direction={-1}
                onResize={(px) => layout.setPanelHeight(px)}
                onReset={() => layout.setPanelHeight(PANEL_HEIGHT.initial)}
              />
              <PanelArea />
            </>
          )}
        </div>
      </div>
      <StatusBar />
      {layout.paletteOpen && <CommandPalette onClose={() => layout.setPaletteOpen(false)} />}
      <Notifications />
      <DeleteDialogHost />
      <ModelDialogHost />
    </div>
  );
}
