import { describe, expect, it } from 'vitest';
import { CommandRegistry } from './CommandRegistry.ts';

describe('CommandRegistry', () => {
  it('lists commands by category then title and removes them on dispose', () => {
    const registry = new CommandRegistry();
    let changes = 0;
    registry.onDidChange(() => changes++);
    const b = registry.register({ id: 'b', title: 'Zoom', category: 'View', run: () => {} });
    registry.register({ id: 'a', title: 'Accept', category: 'Review', run: () => {} });
    registry.register({ id: 'c', title: 'Apple', category: 'View', run: () => {} });
    expect(registry.list().map((c) => c.id)).toEqual(['a', 'c', 'b']);
    b.dispose();
    b.dispose();
    expect(registry.list().map((c) => c.id)).toEqual(['a', 'c']);
    expect(registry.get('b')).toBeUndefined();
    expect(changes).toBe(4);
  });

  it('refuses a second command with the same id', () => {
    const registry = new CommandRegistry();
    registry.register({ id: 'x', title: 'X', run: () => {} });
    expect(() => registry.register({ id: 'x', title: 'Y', run: () => {} })).toThrow(/already registered/);
  });

  it('executes only available commands and awaits them', async () => {
    const registry = new CommandRegistry();
    const ran: string[] = [];
    let available = false;
    registry.register({
      id: 'slow',
      title: 'Slow',
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        ran.push('slow');
      },
    });
    registry.register({ id: 'gated', title: 'Gated', when: () => available, run: () => void ran.push('gated') });
    expect(await registry.execute('slow')).toBe(true);
    expect(ran).toEqual(['slow']);
    expect(await registry.execute('gated')).toBe(false);
    available = true;
    expect(await registry.execute('gated')).toBe(true);
    expect(await registry.execute('missing')).toBe(false);
    expect(ran).toEqual(['slow', 'gated']);
  });

  it('keeps a re-registered command when the old registration is disposed', () => {
    const registry = new CommandRegistry();
    const first = registry.register({ id: 'x', title: 'First', run: () => {} });
    first.dispose();
    registry.register({ id: 'x', title: 'Second', run: () => {} });
    first.dispose();
    expect(registry.get('x')?.title).toBe('Second');
  });
});
