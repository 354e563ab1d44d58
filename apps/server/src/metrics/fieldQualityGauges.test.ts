import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerFieldQualityGauges, type FieldQualitySample } from './fieldQualityGauges.ts';

const sample = (version: string, wer: number): FieldQualitySample => ({
  model: 'en',
  version,
  wer,
  cer: wer / 2,
  ece: 0.1,
  flagPrecision: 0.5,
  flagRecall: 0.25,
  verifiedWords: Number.isNaN(wer) ? 0 : 1000,
  alert: 0,
});

describe('registerFieldQualityGauges', () => {
  it('reads the samples once per scrape and labels each gauge with model and version', async () => {
    const registry = new Registry();
    let computed = 0;
    let samples = [sample('1.0.0', 0.25), sample('2.0.0', Number.NaN)];
    registerFieldQualityGauges(registry, () => {
      computed++;
      return samples;
    });
    registerFieldQualityGauges(registry, () => []); // a second registration on the same registry does nothing
    const text = await registry.metrics();
    expect(computed).toBe(1);
    expect(text).toContain('verbatim_field_wer{model="en",version="1.0.0"} 0.25');
    expect(text).toContain('verbatim_field_cer{model="en",version="1.0.0"} 0.125');
    expect(text).toContain('verbatim_field_flag_recall{model="en",version="1.0.0"} 0.25');
    expect(text).toMatch(/^verbatim_field_wer\{model="en",version="2\.0\.0"\} Nan$/m);
    expect(text).toContain('verbatim_field_verified_words{model="en",version="2.0.0"} 0');
    // a version that is gone no longer has a series
    samples = [sample('1.0.0', 0.3)];
    const next = await registry.metrics();
    expect(computed).toBe(2);
    expect(next).toContain('verbatim_field_wer{model="en",version="1.0.0"} 0.3');
    expect(next).not.toContain('version="2.0.0"');
  });
});
