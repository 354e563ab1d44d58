// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { applyTheme, readThemeChoice, ThemeModel } from './ThemeModel.ts';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

/** A matchMedia whose prefers-color-scheme answer the test changes. */
function systemScheme(light: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    matches: light,
    addEventListener: (_: string, l: () => void) => void listeners.add(l),
    removeEventListener: (_: string, l: () => void) => void listeners.delete(l),
  };
  return {
    media: { matchMedia: () => query as unknown as MediaQueryList },
    set(next: boolean) {
      query.matches = next;
      for (const l of listeners) l();
    },
    listeners,
  };
}

describe('the colour theme', () => {
  it('follows the system setting while the choice is system, and stops following when disposed', () => {
    const root = document.createElement('html');
    const system = systemScheme(true);
    const applied = applyTheme('system', root, system.media);
    expect(root.dataset.theme).toBe('light');
    system.set(false);
    expect(root.dataset.theme).toBe('dark');
    applied.dispose();
    expect(system.listeners.size).toBe(0);
  });

  it('keeps a manual choice over the system setting, and across a reload', () => {
    const storage = memoryStorage();
    const root = document.createElement('html');
    const theme = new ThemeModel(storage, root);
    expect(theme.choice).toBe('system');
    theme.setChoice('light');
    expect(root.dataset.theme).toBe('light');
    expect(root.dataset.themeChoice).toBe('light');
    expect(readThemeChoice(storage)).toBe('light');
    theme.setChoice('dark');
    expect(root.dataset.theme).toBe('dark');
    expect(new ThemeModel(storage, document.createElement('html')).choice).toBe('dark');
    storage.setItem('verbatim.theme', 'neon');
    expect(readThemeChoice(storage)).toBe('system');
    theme.dispose();
  });
});
