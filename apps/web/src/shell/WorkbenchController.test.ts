import { describe, expect, it } from 'vitest';
import { ApiClient } from '../platform/ApiClient.ts';
import { WorkbenchController } from './WorkbenchController.ts';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const user = { id: 'u1', email: 'ada@example.org', displayName: 'Ada', isAdmin: false, mustChangePassword: false, createdAt: 0 };

function create() {
  return new WorkbenchController(new ApiClient(), user, { signOut: () => {}, storage: memoryStorage() });
}

describe('WorkbenchController', () => {
  it('registers the shell commands of the contract with their default keys', () => {
    const controller = create();
    const { commands, keybindings } = controller.services;
    for (const id of ['workbench.showCommands', 'workbench.showKeybindings', 'view.explorer', 'view.search', 'view.review', 'view.plugins', 'view.quality']) {
      expect(commands.get(id), id).toBeDefined();
    }
    expect(keybindings.keysFor('workbench.showCommands')).toEqual(['Ctrl+Shift+P']);
    expect(keybindings.resolve('Ctrl+Shift+P')).toBe('workbench.showCommands');
    controller.dispose();
  });

  it('runs the view and palette commands against the layout', async () => {
    const controller = create();
    const { commands } = controller.services;
    await commands.execute('view.search');
    expect(controller.layout.view).toBe('search');
    await commands.execute('workbench.showCommands');
    expect(controller.layout.paletteOpen).toBe(true);
    await commands.execute('workbench.showKeybindings');
    expect(controller.layout.activeKey).toBe('keybindings');
    expect(await commands.execute('workbench.closeEditor')).toBe(true);
    expect(controller.layout.tabs).toEqual([]);
    // nothing to close now
    expect(await commands.execute('workbench.closeEditor')).toBe(false);
    controller.dispose();
  });

  it('openTranscript opens the tab and hands its time to the tab once, live or later', () => {
    const controller = create();
    const { services } = controller;
    const reveals: unknown[] = [];
    services.onDidRequestReveal!((r) => reveals.push(r));
    services.openTranscript('t1');
    expect(controller.layout.activeTranscriptId).toBe('t1');
    expect(services.takeReveal!('t1')).toBeUndefined();
    services.openTranscript('t2', { at: 12.5 });
    expect(controller.layout.activeTranscriptId).toBe('t2');
    expect(reveals).toEqual([{ transcriptId: 't2', at: 12.5 }]);
    expect(services.takeReveal!('t2')).toEqual({ transcriptId: 't2', at: 12.5 });
    expect(services.takeReveal!('t2')).toBeUndefined();
    // a search result asks for its match
    services.openTranscript('t2', { at: 3, find: { text: 'the rent', occurrence: 1 } });
    expect(services.takeReveal!('t2')).toEqual({ transcriptId: 't2', at: 3, find: { text: 'the rent', occurrence: 1 } });
    expect(controller.layout.tabs).toHaveLength(2);
    controller.dispose();
  });

  it('removes its commands when disposed', () => {
    const controller = create();
    const { commands } = controller.services;
    controller.dispose();
    expect(commands.list()).toEqual([]);
  });
});
