import { describe, expect, it } from 'vitest';
import { formatDuration, lmLabel, stateLabel } from './liveFormat.ts';

describe('formatDuration', () => {
  it('writes minutes and seconds, and hours once there are any', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65.9)).toBe('1:05');
    expect(formatDuration(3 * 3600 + 4 * 60 + 5)).toBe('3:04:05');
    expect(formatDuration(-3)).toBe('0:00');
  });
});

describe('stateLabel', () => {
  it('says whether a live session has its audio source', () => {
    expect(stateLabel('live', true)).toBe('Live');
    expect(stateLabel('live', false)).toBe('Live, no audio source');
    expect(stateLabel('failed')).toBe('Failed');
  });
});

describe('lmLabel', () => {
  it('names each word LM mode, and the default of a session from before the choice', () => {
    expect(lmLabel('adapted')).toBe('LM adapted');
    expect(lmLabel('off')).toBe('no LM');
    expect(lmLabel(null)).toBe("model's default LM");
  });
});
