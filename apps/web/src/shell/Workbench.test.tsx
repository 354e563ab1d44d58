// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../platform/ApiClient.ts';
import type { Disposable } from '../platform/Disposable.ts';
import { WorkbenchShell } from './Workbench.tsx';
import { WorkbenchController } from './WorkbenchController.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// The shell's wiring without a server: the project list fails to load (and says so), everything else works.
let root: Root;
let host: HTMLElement;
let controller: WorkbenchController;
let started: Disposable;

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

beforeEach(async () => {
  const user = { id: 'u1', email: 'ada@example.org', displayName: 'Ada', isAdmin: false, mustChangePassword: false, createdAt: 0 };
  controller = new WorkbenchController(new ApiClient('http://127.0.0.1:9'), user, { signOut: () => {}, storage: memoryStorage() });
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => {
    started = controller.start(window);
    root.render(<WorkbenchShell controller={controller} />);
  });
});

afterEach(() => {
  act(() => root.unmount());
  started.dispose();
  controller.dispose();
  host.remove();
});

const byTestId = (id: string) => host.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`);

function key(keyName: string, init: KeyboardEventInit = {}, target: EventTarget = document.body): void {
  act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { key: keyName, bubbles: true, cancelable: true, ...init })));
}

describe('the workbench shell', () => {
  it('shows the five activity bar views and switches the side bar between them', () => {
    for (const view of ['explorer', 'search', 'review', 'plugins', 'quality']) expect(byTestId(`activity-${view}`)).toHaveLength(1);
    expect(host.querySelector('.sidebar-title')?.textContent).toBe('Explorer');
    act(() => byTestId('activity-quality')[0]!.click());
    expect(host.querySelector('.sidebar-title')?.textContent).toBe('Quality');
    expect(byTestId('activity-quality')[0]!.getAttribute('aria-selected')).toBe('true');
    expect(byTestId('activity-explorer')[0]!.getAttribute('aria-selected')).toBe('false');
  });

  it('shows the Models view without a project (the models are the deployment\'s), from its activity bar entry', () => {
    act(() => byTestId('activity-models')[0]!.click());
    expect(host.querySelector('.sidebar-title')?.textContent).toBe('Models');
    expect(byTestId('models-view')).toHaveLength(1);
    expect(host.querySelector('#sidebar')?.textContent).not.toContain('Create a project in the Explorer first');
    // not an administrator: no install form
    expect(byTestId('model-install-form')).toHaveLength(0);
  });

  it('says why the projects could not be loaded', async () => {
    // the request really goes out (to a closed port); what the test waits for is the model's change once it failed
    const { projects } = controller;
    await act(
      () =>
        new Promise<void>((resolve) => {
          if (projects.error) return resolve();
          const listening = projects.onDidChange(() => {
            if (!projects.error) return;
            listening.dispose();
            resolve();
          });
        }),
    );
    expect(projects.error).toBeTruthy();
    expect(host.querySelector('.explorer [role="alert"]')?.textContent).toBe(projects.error);
  });

  it('opens the command palette with Ctrl+Shift+P and closes it with Escape', () => {
    key('P', { ctrlKey: true, shiftKey: true });
    expect(byTestId('command-palette')).toHaveLength(1);
    const ids = [...byTestId('command-palette-item')].map((i) => i.dataset.commandId);
    expect(ids).toContain('workbench.showKeybindings');
    expect(ids).toContain('view.review');
    key('Escape', {}, byTestId('command-palette-input')[0]!);
    expect(byTestId('command-palette')).toHaveLength(0);
  });

  it("shows every status item under its test id, the shell's own included", () => {
    expect(byTestId('status-connection')[0]?.textContent).toContain('Online');
    expect(byTestId('status-jobs')[0]?.textContent).toBe('✓ No jobs');
    let flagged: Disposable | undefined;
    act(() => void (flagged = controller.services.status.set({ id: 'flagged', text: '12 flagged', alignment: 'right' })));
    expect(byTestId('status-flagged')[0]?.textContent).toBe('12 flagged');
    act(() => flagged!.dispose());
    expect(byTestId('status-flagged')).toHaveLength(0);
  });

  it('gives the connection item back to the shell when an editor drops its own', async () => {
    let editor: Disposable | undefined;
    act(() => void (editor = controller.services.status.set({ id: 'connection', text: 'Synced' })));
    expect(byTestId('status-connection')[0]?.textContent).toBe('Synced');
    await act(async () => {
      editor!.dispose();
      await Promise.resolve();
    });
    expect(byTestId('status-connection')[0]?.textContent).toContain('Online');
  });

  it('opens one tab per transcript, keeps inactive tabs mounted but hidden, and closes a tab with the middle button', () => {
    act(() => controller.services.openTranscript('t-1'));
    act(() => controller.services.openTranscript('t-2', { at: 3 }));
    const tabs = [...byTestId('editor-tab')];
    expect(tabs.map((t) => t.dataset.transcriptId)).toEqual(['t-1', 't-2']);
    expect(tabs.map((t) => t.getAttribute('aria-selected'))).toEqual(['false', 'true']);
    const panels = [...host.querySelectorAll<HTMLElement>('.editor-panel')];
    expect(panels.map((p) => p.hidden)).toEqual([true, false]);
    act(() => void tabs[0]!.dispatchEvent(new MouseEvent('auxclick', { bubbles: true, button: 1 })));
    expect([...byTestId('editor-tab')].map((t) => t.dataset.transcriptId)).toEqual(['t-2']);
    act(() => host.querySelector<HTMLElement>('.editor-tab-close')!.click());
    expect(byTestId('editor-tab')).toHaveLength(0);
  });

  it('lets the Keyboard Shortcuts editor record a new key for a command', async () => {
    await act(() => controller.services.commands.execute('workbench.showKeybindings'));
    const row = host.querySelector<HTMLElement>('[data-testid="keybinding-row"][data-command-id="view.quality"]')!;
    act(() => row.querySelector<HTMLElement>('[data-testid="keybinding-change"]')!.click());
    // while recording, F9 becomes the binding instead of running anything
    key('F9');
    expect(controller.services.keybindings.keysFor('view.quality')).toEqual(['F9']);
    expect(controller.layout.view).toBe('explorer');
    key('F9');
    await act(() => Promise.resolve());
    expect(controller.layout.view).toBe('quality');
    act(() => host.querySelector<HTMLElement>('[data-testid="keybinding-row"][data-command-id="view.quality"] [data-testid="keybinding-reset"]')!.click());
    expect(controller.services.keybindings.keysFor('view.quality')).toEqual([]);
  });
});
