import type { QualityAlertJson, QualityAlertsResponse } from '@verbatim/core/api';
import type { ApiClient } from '../../platform/ApiClient.ts';
import { type Disposable, toDisposable } from '../../platform/Disposable.ts';

/** How often the alerts are read again while the workbench is open. */
export const ALERTS_EVERY_MS = 10 * 60_000;

/** What {@link watchQualityAlerts} needs. */
export interface QualityAlertWatch {
  readonly api: Pick<ApiClient, 'get'>;
  notify(kind: 'info' | 'error', message: string): void;
  /** A project's name for the message (its id when unknown). */
  projectName(projectId: string): string | undefined;
  /** Timers (tests pass their own). */
  setInterval?: (run: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/**
 * Tells the signed-in owner or administrator when a model version's field quality is worse than its own baseline
 * (`GET /api/quality/alerts`, which lists only the projects they own, all for administrators): read now and every
 * {@link ALERTS_EVERY_MS}; each alert is told once while it keeps firing, and again if it fires anew after clearing.
 * Resolves `ready` after the first read.
 */
export function watchQualityAlerts(watch: QualityAlertWatch): Disposable & { readonly ready: Promise<void> } {
  const told = new Set<string>();
  let disposed = false;
  const read = async () => {
    let alerts: QualityAlertJson[];
    try {
      alerts = (await watch.api.get<QualityAlertsResponse>('/api/quality/alerts')).alerts;
    } catch {
      // not signed in any more, or a server without quality alerts: nothing to tell
      return;
    }
    if (disposed) return;
    const firing = new Set<string>();
    for (const alert of alerts) {
      const key = `${alert.projectId ?? '*'}\u0000${alert.modelId}\u0000${alert.modelVersion}`;
      firing.add(key);
      if (told.has(key)) continue;
      told.add(key);
      watch.notify('error', alertMessage(alert, alert.projectId === null ? undefined : (watch.projectName(alert.projectId) ?? alert.projectId)));
    }
    for (const key of told) if (!firing.has(key)) told.delete(key);
  };
  const ready = read();
  const set = watch.setInterval ?? ((run: () => void, ms: number) => setInterval(run, ms));
  const clear = watch.clearInterval ?? ((handle: unknown) => clearInterval(handle as ReturnType<typeof setInterval>));
  const handle = set(() => void read(), ALERTS_EVERY_MS);
  return Object.assign(
    toDisposable(() => {
      disposed = true;
      clear(handle);
    }),
    { ready },
  );
}

/** "Quality alert: verbatim-en 1.2.0 in Clinic interviews: <the server's reason>". */
export function alertMessage(alert: Pick<QualityAlertJson, 'modelId' | 'modelVersion' | 'reason'>, project: string | undefined): string {
  return `Quality alert: ${alert.modelId} ${alert.modelVersion}${project ? ` in ${project}` : ' across all projects'}: ${alert.reason}`;
}
