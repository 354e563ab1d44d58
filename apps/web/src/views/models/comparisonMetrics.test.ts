import type { ModelComparisonRowJson } from '@verbatim/core/api';
import { describe, expect, it } from 'vitest';
import { COMPARISON_METRICS, orderRows } from './comparisonMetrics.ts';

const row = (role: 'current' | 'candidate', changes: Partial<ModelComparisonRowJson> = {}): ModelComparisonRowJson => ({
  role,
  model: { id: 'm', version: '1', sha256: 'x' },
  referenceWords: 1200,
  wer: 0.125,
  cer: 0.05,
  substitutions: 100,
  deletions: 30,
  insertions: 20,
  termRecall: 0.5,
  terms: 4,
  ece: 0.0421,
  flagPrecision: 0.6,
  flagRecall: null,
  flagThreshold: 0.8,
  realTimeFactor: null,
  ...changes,
});

const read = (label: string, r: ModelComparisonRowJson) => COMPARISON_METRICS.find((m) => m.label === label)!.read(r);

describe('comparison metrics', () => {
  it('puts the current transcripts before the candidate', () => {
    expect(orderRows([row('candidate'), row('current')]).map((r) => r.role)).toEqual(['current', 'candidate']);
  });

  it('writes rates as percentages, counts, and dashes for what was not measured', () => {
    const r = row('current');
    expect(read('WER', r)).toBe('12.5%');
    expect(read('Reference words', r)).toBe((1200).toLocaleString());
    expect(read('Term recall', r)).toBe('50.0% of 4');
    expect(read('Term recall', row('current', { terms: 0, termRecall: null }))).toBe('–');
    expect(read('ECE', r)).toBe('0.042');
    expect(read('ECE', row('candidate', { ece: null }))).toBe('uncalibrated');
    expect(read('Flag recall', r)).toBe('–');
    expect(read('Real-time factor', row('candidate', { realTimeFactor: 0.0834 }))).toBe('0.083');
  });
});
