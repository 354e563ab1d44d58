import { describe, expect, it } from 'vitest';
import { StatusBarService } from './StatusBarService.ts';

describe('StatusBarService', () => {
  it('orders items by priority and replaces an item set again under its id', () => {
    const status = new StatusBarService();
    let changes = 0;
    status.onDidChange(() => changes++);
    status.set({ id: 'a', text: 'A', priority: 1 });
    const oldTime = status.set({ id: 'time', text: '00:00', priority: 5 });
    status.set({ id: 'time', text: '00:01', priority: 5 });
    expect(status.items().map((i) => i.text)).toEqual(['00:01', 'A']);
    oldTime.dispose();
    expect(status.get('time')?.text).toBe('00:01');
    expect(changes).toBe(3);
  });
});
