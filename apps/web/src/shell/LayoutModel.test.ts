import { describe, expect, it } from 'vitest';
import { editorKey, LayoutModel, SIDEBAR_WIDTH } from './LayoutModel.ts';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('LayoutModel', () => {
  it('opens each input once, focusing its tab when opened again', () => {
    const layout = new LayoutModel(memoryStorage());
    layout.openEditor({ kind: 'transcript', transcriptId: 'a' });
    layout.openEditor({ kind: 'keybindings' });
    layout.openEditor({ kind: 'transcript', transcriptId: 'a' });
    expect(layout.tabs.map(editorKey)).toEqual(['transcript:a', 'keybindings']);
    expect(layout.activeKey).toBe('transcript:a');
    expect(layout.activeTranscriptId).toBe('a');
    layout.activateEditor('keybindings');
    expect(layout.activeTranscriptId).toBeUndefined();
  });

  it('closing the active tab activates its right neighbour, else its left one', () => {
    const layout = new LayoutModel(memoryStorage());
    for (const id of ['a', 'b', 'c']) layout.openEditor({ kind: 'transcript', transcriptId: id });
    layout.activateEditor('transcript:b');
    layout.closeEditor('transcript:b');
    expect(layout.activeKey).toBe('transcript:c');
    layout.closeEditor('transcript:c');
    expect(layout.activeKey).toBe('transcript:a');
    layout.closeEditor('transcript:a');
    expect(layout.activeKey).toBeUndefined();
    expect(layout.tabs).toEqual([]);
  });

  it('closing another tab keeps the active one', () => {
    const layout = new LayoutModel(memoryStorage());
    for (const id of ['a', 'b']) layout.openEditor({ kind: 'transcript', transcriptId: id });
    layout.closeEditor('transcript:a');
    expect(layout.activeKey).toBe('transcript:b');
  });

  it('cycles through tabs, wrapping', () => {
    const layout = new LayoutModel(memoryStorage());
    for (const id of ['a', 'b', 'c']) layout.openEditor({ kind: 'transcript', transcriptId: id });
    layout.cycleEditor(1);
    expect(layout.activeKey).toBe('transcript:a');
    layout.cycleEditor(-1);
    expect(layout.activeKey).toBe('transcript:c');
  });

  it('keeps view, visibility and sizes for the next page load, clamped', () => {
    const storage = memoryStorage();
    const first = new LayoutModel(storage);
    first.showView('quality');
    first.togglePanel(false);
    first.setSidebarWidth(10_000);
    const second = new LayoutModel(storage);
    expect(second.view).toBe('quality');
    expect(second.panelVisible).toBe(false);
    expect(second.sidebarVisible).toBe(true);
    expect(second.sidebarWidth).toBe(SIDEBAR_WIDTH.max);
    storage.data.set('verbatim.layout', '{"view":"nonsense"');
    expect(new LayoutModel(storage).view).toBe('explorer');
  });

  it('fires a change for each change', () => {
    const layout = new LayoutModel(memoryStorage());
    let changes = 0;
    layout.onDidChange(() => changes++);
    layout.showView('search');
    layout.setPaletteOpen(true);
    layout.setPaletteOpen(true);
    layout.openEditor({ kind: 'keybindings' });
    layout.activateEditor('keybindings');
    expect(changes).toBe(3);
  });

  it('makes the side bar a drawer on a narrow screen: closed at first and after opening an editor, the wide choice kept', () => {
    const storage = memoryStorage();
    const layout = new LayoutModel(storage);
    expect(layout.sidebarVisible).toBe(true);
    layout.setNarrow(true);
    expect(layout.sidebarVisible).toBe(false);
    layout.showView('search');
    expect(layout.sidebarVisible).toBe(true);
    layout.openEditor({ kind: 'transcript', transcriptId: 'a' });
    expect(layout.sidebarVisible).toBe(false);
    layout.toggleSidebar();
    expect(layout.sidebarVisible).toBe(true);
    layout.toggleSidebar(false);
    expect(JSON.parse(storage.data.get('verbatim.layout')!).sidebar).toBe(true);
    layout.setNarrow(false);
    expect(layout.sidebarVisible).toBe(true);
    expect(new LayoutModel(storage).sidebarVisible).toBe(true);
  });

  it('opens the accounts and settings editors once each', () => {
    const layout = new LayoutModel(memoryStorage());
    layout.openEditor({ kind: 'accounts' });
    layout.openEditor({ kind: 'settings' });
    layout.openEditor({ kind: 'accounts' });
    expect(layout.tabs.map(editorKey)).toEqual(['accounts', 'settings']);
  });
});
