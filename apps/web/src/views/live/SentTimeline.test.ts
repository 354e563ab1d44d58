import { describe, expect, it } from 'vitest';
import { SentTimeline } from './SentTimeline.ts';

describe('SentTimeline', () => {
  it('answers the send time of the frame holding a sample, keeping the first send of a resent frame', () => {
    const timeline = new SentTimeline();
    expect(timeline.sentAt(0)).toBeNaN();
    timeline.record(0, 100);
    timeline.record(1600, 200);
    timeline.record(3200, 300);
    // the reconnect resends frame 1600 later: its first time stays
    timeline.record(1600, 900);
    expect(timeline.sentAt(0)).toBe(100);
    expect(timeline.sentAt(1599)).toBe(100);
    expect(timeline.sentAt(1600)).toBe(200);
    expect(timeline.sentAt(4000)).toBe(300);
    expect(timeline.sentAt(-1)).toBeNaN();
  });
});
