import type { InstalledModel } from '@verbatim/asr/node';

/** Bytes as people read them: "23.4 MB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `verbatim model list`: one row per installed model version, aligned columns, newest version of an id last. */
export function formatModelTable(models: readonly InstalledModel[]): string {
  const header = ['MODEL', 'LAYOUT', 'SIZE', 'CONFIDENCE', 'LM', 'INSTALLED', 'SHA256'];
  const rows = models.map((m) => [
    m.ref,
    m.layout,
    formatBytes(m.sizeBytes),
    m.calibrated ? 'calibrated' : 'uncalibrated',
    m.hasLm ? 'yes' : 'no',
    new Date(m.installedAt).toISOString().slice(0, 16).replace('T', ' '),
    m.sha256.slice(0, 12),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}
