import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOTIFICATION_MS, NotificationService } from './NotificationService.ts';

let service: NotificationService;
beforeEach(() => {
  vi.useFakeTimers();
  service = new NotificationService();
});
afterEach(() => {
  service.dispose();
  vi.useRealTimers();
});

const messages = () => service.items.map((i) => i.message);

describe('NotificationService', () => {
  it('lets information fade quickly and errors after a longer while', () => {
    service.notify('info', 'saved');
    service.notify('error', 'failed');
    vi.advanceTimersByTime(NOTIFICATION_MS.info);
    expect(messages()).toEqual(['failed']);
    vi.advanceTimersByTime(NOTIFICATION_MS.error - NOTIFICATION_MS.info - 1);
    expect(messages()).toEqual(['failed']);
    vi.advanceTimersByTime(1);
    expect(messages()).toEqual([]);
  });

  it('keeps a message while it is held, then gives it its full time again', () => {
    service.notify('error', 'failed');
    const [item] = service.items;
    vi.advanceTimersByTime(NOTIFICATION_MS.error - 10);
    service.hold(item!.id);
    vi.advanceTimersByTime(60_000);
    expect(messages()).toEqual(['failed']);
    service.release(item!.id);
    vi.advanceTimersByTime(NOTIFICATION_MS.error - 1);
    expect(messages()).toEqual(['failed']);
    vi.advanceTimersByTime(1);
    expect(messages()).toEqual([]);
  });

  it('closes a dismissed message at once, and replaces a repeated one', () => {
    let changes = 0;
    service.onDidChange(() => changes++);
    service.notify('error', 'offline');
    service.notify('error', 'offline');
    expect(messages()).toEqual(['offline']);
    service.dismiss(service.items[0]!.id);
    expect(messages()).toEqual([]);
    expect(changes).toBe(4);
    expect(vi.getTimerCount()).toBe(0);
  });
});
