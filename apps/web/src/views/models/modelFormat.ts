// How the Models view and the transcript editor write models, sizes, rates and confidences.

/** What names a model version on screen: `id@version`, or a dash when there is none. */
export function modelLabel(model: { id: string; version: string } | null | undefined): string {
  return model ? `${model.id}@${model.version}` : '—';
}

/** A size in bytes as people read it (1 KB = 1024 bytes, one decimal from MB on). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** A share (0..1) as a percentage with `digits` decimals; a dash for none. */
export function formatShare(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '–' : `${(share * 100).toFixed(digits)}%`;
}

/** A plain number with `digits` decimals; a dash for none. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** A moment (ms since the epoch) as a short local date and time. */
export function formatWhen(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A word's confidence as the hover and the review lists show it. A calibrated model's confidence is a probability
 * ("Confidence 42%"); an uncalibrated model's is only a score, so it is written as one ("Score 0.42") and never as a
 * percentage. `calibrated` undefined (a model the store does not know, made before it) reads as calibrated, as the
 * bundled model is.
 */
export function confidenceLabel(conf: number, calibrated: boolean | undefined): string {
  if (typeof conf !== 'number' || !Number.isFinite(conf)) return 'No confidence';
  return calibrated === false ? `Score ${conf.toFixed(2)} (uncalibrated model, not a probability)` : `Confidence ${Math.round(conf * 100)}%`;
}

/** The short form of {@link confidenceLabel} for a list row: "42%" or "score 0.42". */
export function confidenceShort(conf: number, calibrated: boolean | undefined): string {
  if (typeof conf !== 'number' || !Number.isFinite(conf)) return '–';
  return calibrated === false ? `score ${conf.toFixed(2)}` : `${Math.round(conf * 100)}%`;
}
