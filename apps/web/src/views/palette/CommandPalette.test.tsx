// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../platform/ApiClient.ts';
import { CommandRegistry } from '../../platform/CommandRegistry.ts';
import type { Disposable } from '../../platform/Disposable.ts';
import { KeybindingService } from '../../platform/KeybindingService.ts';
import { onRestoreFocus } from '../../platform/restoreFocus.ts';
import { StatusBarService } from '../../platform/StatusBarService.ts';
import { WorkbenchContext, type WorkbenchServices } from '../../platform/WorkbenchContext.tsx';
import { CommandPalette } from './CommandPalette.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLElement;
let listening: Disposable;
let ran: string[];
let closed: number;
let notes: string[];
let services: WorkbenchServices;

function storage(): Pick<Storage, 'getItem' | 'setItem'> {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

beforeEach(() => {
  ran = [];
  closed = 0;
  notes = [];
  const commands = new CommandRegistry();
  const keybindings = new KeybindingService(commands, storage());
  const command = (id: string, title: string, category: string, keybinding?: string, when?: () => boolean) =>
    commands.register({ id, title, category, ...(keybinding ? { keybinding } : {}), ...(when ? { when } : {}), run: () => void ran.push(id) });
  command('workbench.showCommands', 'Show All Commands', 'View', 'Ctrl+Shift+P');
  command('review.nextFlagged', 'Next Flagged Word', 'Review', 'F8');
  command('review.previousFlagged', 'Previous Flagged Word', 'Review', 'Shift+F8');
  command('review.accept', 'Accept Word', 'Review', 'Ctrl+Enter', () => false);
  command('playback.toggle', 'Play or Pause', 'Playback', 'Escape');
  services = {
    api: new ApiClient(),
    commands,
    keybindings,
    status: new StatusBarService(),
    user: { id: 'u1', email: 'a@example.org', displayName: 'A', isAdmin: false, mustChangePassword: false, createdAt: 0 },
    openTranscript: () => {},
    notify: (_kind, message) => void notes.push(message),
  };
  listening = keybindings.listen(window);
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() =>
    root.render(
      <WorkbenchContext.Provider value={services}>
        <CommandPalette onClose={() => void closed++} />
      </WorkbenchContext.Provider>,
    ),
  );
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
  listening.dispose();
});

const input = () => host.querySelector<HTMLInputElement>('[data-testid="command-palette-input"]')!;
const items = () => [...host.querySelectorAll<HTMLElement>('[data-testid="command-palette-item"]')];
const selected = () => host.querySelector<HTMLElement>('[data-testid="command-palette-item"][aria-selected="true"]')?.dataset.commandId;

function type(text: string): void {
  // React tracks the value itself: set it through the native setter, then fire the input event it listens to
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input(), text);
    input().dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = input()): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  act(() => void target.dispatchEvent(event));
  return event;
}

// a command runs a moment after the palette closed
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 5)));

describe('CommandPalette', () => {
  it('lists every command with its category, title and current keys, and takes the focus', () => {
    expect(items().map((i) => i.dataset.commandId)).toEqual(services.commands.list().map((c) => c.id));
    const next = items().find((i) => i.dataset.commandId === 'review.nextFlagged')!;
    expect(next.textContent).toBe('Review: Next Flagged WordF8');
    expect(document.activeElement).toBe(input());
    expect(host.querySelector('[role="listbox"]')).not.toBeNull();
    expect(input().getAttribute('aria-activedescendant')).toBe(items()[0]!.id);
  });

  it('shows rebound keys', () => {
    act(() => services.keybindings.rebind('review.nextFlagged', ['PageDown']));
    const next = items().find((i) => i.dataset.commandId === 'review.nextFlagged')!;
    expect(next.querySelector('kbd')?.textContent).toBe('PageDown');
  });

  it('filters fuzzily as the user types and highlights the matched letters', () => {
    type('flag');
    expect(items().map((i) => i.dataset.commandId).sort()).toEqual(['review.nextFlagged', 'review.previousFlagged']);
    expect([...items()[0]!.querySelectorAll('mark')].map((m) => m.textContent).join('')).toBe('Flag');
    type('qqq');
    expect(items()).toHaveLength(0);
    expect(host.textContent).toContain('No matching commands');
  });

  it('moves the selection with the arrow keys (wrapping) and runs the selected command with Enter', async () => {
    type('flagged word');
    const order = items().map((i) => i.dataset.commandId);
    expect(selected()).toBe(order[0]);
    press('ArrowDown');
    expect(selected()).toBe(order[1]);
    press('ArrowDown');
    expect(selected()).toBe(order[0]);
    press('ArrowUp');
    expect(selected()).toBe(order[1]);
    press('Enter');
    await settle();
    expect(ran).toEqual([order[1]]);
    expect(closed).toBe(1);
  });

  it('closes with Escape without running anything, even though Escape is a command key', async () => {
    const event = press('Escape');
    await settle();
    expect(closed).toBe(1);
    expect(ran).toEqual([]);
    expect(event.defaultPrevented).toBe(true);
  });

  it('suspends key bindings while open, so F8 does not run its command behind the palette', async () => {
    press('F8', {}, document.body);
    await act(() => Promise.resolve());
    expect(ran).toEqual([]);
    act(() => root.unmount());
    press('F8', {}, document.body);
    await act(() => Promise.resolve());
    expect(ran).toEqual(['review.nextFlagged']);
    // afterEach unmounts again: render something to unmount
    act(() => {
      root = createRoot(host);
      root.render(<p />);
    });
  });

  it('marks unavailable commands, does not run them, and closes saying why', async () => {
    type('accept');
    expect(items()[0]?.getAttribute('aria-disabled')).toBe('true');
    press('Enter');
    await settle();
    expect(ran).toEqual([]);
    expect(closed).toBe(1);
    expect(notes).toEqual(['Review: Accept Word is not available now.']);
  });

  it('runs a command on click', async () => {
    const item = items().find((i) => i.dataset.commandId === 'playback.toggle')!;
    act(() => item.click());
    await settle();
    expect(ran).toEqual(['playback.toggle']);
    expect(closed).toBe(1);
  });

  it('gives the focus back to where it was opened from, through its restorer, before the command runs', async () => {
    act(() => root.unmount());
    const editor = document.createElement('div');
    editor.tabIndex = 0;
    document.body.append(editor);
    let restored = 0;
    const restorer = onRestoreFocus(editor, () => {
      restored++;
      editor.focus();
    });
    editor.focus();
    let focusAtRun: Element | null = null;
    const registration = services.commands.register({ id: 'transcript.splitTurn', title: 'Split Turn at Caret', category: 'Transcript', run: () => void (focusAtRun = document.activeElement) });
    root = createRoot(host);
    act(() =>
      root.render(
        <WorkbenchContext.Provider value={services}>
          <CommandPalette onClose={() => void closed++} />
        </WorkbenchContext.Provider>,
      ),
    );
    expect(document.activeElement).toBe(input());
    type('split turn');
    press('Enter');
    expect(focusAtRun).toBeNull();
    await settle();
    expect(closed).toBe(1);
    expect(restored).toBe(1);
    expect(focusAtRun).toBe(editor);
    registration.dispose();
    restorer.dispose();
    editor.remove();
  });
});
