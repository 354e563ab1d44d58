import { describe, expect, it } from 'vitest';
import { diarizationError } from './der.ts';

describe('diarizationError', () => {
  const ref = [
    { speaker: 'A', start: 0, end: 10 },
    { speaker: 'B', start: 10, end: 20 },
  ];

  it('is 0 for a perfect answer under any names', () => {
    expect(diarizationError(ref, [{ speaker: 'x', start: 0, end: 10 }, { speaker: 'y', start: 10, end: 20 }]).der).toBe(0);
  });

  it('counts one speaker for everything as confusion of the shorter half', () => {
    const r = diarizationError(ref, [{ speaker: 'x', start: 0, end: 20 }], 0);
    expect(r.confusion).toBeCloseTo(0.5, 2);
    expect(r.missed).toBe(0);
    expect(r.der).toBeCloseTo(0.5, 2);
  });

  it('counts missed speech and false alarms, and the collar forgives a late boundary', () => {
    const late = [{ speaker: 'x', start: 0, end: 10.2 }, { speaker: 'y', start: 10.2, end: 20 }];
    expect(diarizationError(ref, late, 0.25).der).toBe(0);
    expect(diarizationError(ref, late, 0).der).toBeCloseTo(0.01, 3);
    const r = diarizationError(ref, [{ speaker: 'x', start: 0, end: 5 }, { speaker: 'y', start: 10, end: 25 }], 0);
    expect(r.missed).toBeCloseTo(0.25, 2);
    expect(r.falseAlarm).toBeCloseTo(0.25, 2);
  });

  it('scores overlapped speech once per speaker', () => {
    const overlapped = [{ speaker: 'A', start: 0, end: 10 }, { speaker: 'B', start: 5, end: 15 }];
    const r = diarizationError(overlapped, [{ speaker: 'x', start: 0, end: 10 }, { speaker: 'y', start: 10, end: 15 }], 0);
    expect(r.scored).toBeCloseTo(20, 1);
    expect(r.missed).toBeCloseTo(0.25, 2);
  });
});
