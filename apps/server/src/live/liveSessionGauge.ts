import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { Gauge, type Registry } from 'prom-client';
import type { LiveAudio } from './LiveAudio.ts';

/**
 * `verbatim_live_sessions`: live sessions at scrape time, by whether an audio source is connected to them now
 * (`source="connected"`) or not (`source="waiting"`: started and not yet stopped, its source away or not yet come).
 */
export function registerLiveSessionGauge(registry: Registry, db: SqlDatabase, audio: Pick<LiveAudio, 'isSourceConnected'> | undefined): void {
  new Gauge({
    name: 'verbatim_live_sessions',
    help: 'Live captioning sessions that are live now, by whether an audio source is connected.',
    labelNames: ['source'],
    registers: [registry],
    collect() {
      const ids = db.prepare<[], { id: string }>(`SELECT id FROM live_sessions WHERE state = 'live'`).all();
      const connected = ids.filter(({ id }) => audio?.isSourceConnected(id) ?? false).length;
      this.set({ source: 'connected' }, connected);
      this.set({ source: 'waiting' }, ids.length - connected);
    },
  });
}
