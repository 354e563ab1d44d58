import type { QualityAlertJson } from '@verbatim/core/api';
import { describe, expect, it } from 'vitest';
import { ALERTS_EVERY_MS, watchQualityAlerts } from './watchQualityAlerts.ts';

const alert = (version: string, projectId: string | null = 'p1'): QualityAlertJson => ({
  modelId: 'verbatim-en',
  modelVersion: version,
  projectId,
  state: 'alert',
  reason: `WER 0.30 over the last 200 words against 0.10 at first (margin 0.05)`,
  baselineWer: 0.1,
  windowWer: 0.3,
  baselineEce: null,
  windowEce: null,
  margin: 0.05,
});

describe('watchQualityAlerts', () => {
  it('tells each firing alert once, again only after it cleared, and reads on the interval until disposed', async () => {
    let answer: QualityAlertJson[] = [alert('2'), alert('3', null)];
    const told: string[] = [];
    let tick: (() => void) | undefined;
    let cleared = false;
    const watch = watchQualityAlerts({
      api: { get: async <T>() => ({ alerts: answer }) as T },
      notify: (kind, message) => told.push(`${kind}: ${message}`),
      projectName: (id) => (id === 'p1' ? 'Clinic' : undefined),
      setInterval: (run, ms) => {
        expect(ms).toBe(ALERTS_EVERY_MS);
        tick = run;
        return 1;
      },
      clearInterval: () => void (cleared = true),
    });
    await watch.ready;
    expect(told).toEqual([
      'error: Quality alert: verbatim-en 2 in Clinic: WER 0.30 over the last 200 words against 0.10 at first (margin 0.05)',
      'error: Quality alert: verbatim-en 3 across all projects: WER 0.30 over the last 200 words against 0.10 at first (margin 0.05)',
    ]);
    const flush = async () => {
      tick!();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    await flush();
    expect(told).toHaveLength(2);
    answer = [alert('3', null)];
    await flush();
    answer = [alert('2'), alert('3', null)];
    await flush();
    expect(told).toHaveLength(3);
    expect(told[2]).toContain('verbatim-en 2 in Clinic');
    watch.dispose();
    expect(cleared).toBe(true);
  });

  it('stays quiet when the alerts cannot be read', async () => {
    const told: string[] = [];
    const watch = watchQualityAlerts({ api: { get: async () => Promise.reject(new Error('404')) }, notify: (_k, m) => told.push(m), projectName: () => undefined, setInterval: () => 0, clearInterval: () => {} });
    await watch.ready;
    watch.dispose();
    expect(told).toEqual([]);
  });
});
