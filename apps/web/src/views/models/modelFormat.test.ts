import { describe, expect, it } from 'vitest';
import { confidenceLabel, confidenceShort, formatBytes, formatNumber, formatShare, modelLabel } from './modelFormat.ts';

describe('modelFormat', () => {
  it('names a model id@version, and nothing as a dash', () => {
    expect(modelLabel({ id: 'verbatim-en-char', version: '1.2.0' })).toBe('verbatim-en-char@1.2.0');
    expect(modelLabel(null)).toBe('—');
  });

  it('writes sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(5.5 * 1024 * 1024)).toBe('5.5 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('writes shares and numbers, and a dash for none', () => {
    expect(formatShare(0.1234)).toBe('12.3%');
    expect(formatShare(null)).toBe('–');
    expect(formatNumber(0.456, 2)).toBe('0.46');
    expect(formatNumber(undefined)).toBe('–');
  });

  it("shows a calibrated model's confidence as a probability and an uncalibrated one's as a score", () => {
    expect(confidenceLabel(0.42, true)).toBe('Confidence 42%');
    expect(confidenceLabel(0.42, undefined)).toBe('Confidence 42%');
    expect(confidenceLabel(0.42, false)).toBe('Score 0.42 (uncalibrated model, not a probability)');
    expect(confidenceLabel(0.42, false)).not.toMatch(/%/);
    expect(confidenceShort(0.42, true)).toBe('42%');
    expect(confidenceShort(0.42, false)).toBe('score 0.42');
    expect(confidenceLabel(Number.NaN, true)).toBe('No confidence');
  });
});
