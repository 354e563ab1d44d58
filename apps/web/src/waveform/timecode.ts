/**
 * Seconds as `hh:mm:ss` (with `digits` decimals of the second when asked), the transcript's timestamp format.
 *
 * @example
 * formatTimecode(3723.4) // "01:02:03"
 * formatTimecode(3.25, 1) // "00:00:03.2"
 */
export function formatTimecode(seconds: number, digits = 0): string {
  const safe = Number.isFinite(seconds) ? Math.max(0, seconds) : 0;
  const factor = 10 ** digits;
  const scaled = Math.floor(safe * factor + 1e-6);
  const whole = Math.floor(scaled / factor);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const base = `${pad(h)}:${pad(m)}:${pad(s)}`;
  return digits > 0 ? `${base}.${String(scaled % factor).padStart(digits, '0')}` : base;
}

/**
 * Reads a time typed by a user: `hh:mm:ss`, `mm:ss`, or seconds, each with optional decimals ("1:02:03.5", "90",
 * "2:30"). Undefined when it cannot be read.
 */
export function parseTimecode(text: string): number | undefined {
  const parts = text.trim().split(':');
  if (parts.length === 0 || parts.length > 3 || parts.some((p) => !/^\d+(?:[.,]\d*)?$/.test(p.trim()))) return undefined;
  const values = parts.map((p) => Number(p.trim().replace(',', '.')));
  if (values.slice(0, -1).some((v) => !Number.isInteger(v))) return undefined;
  if (values.length > 1 && values.slice(1).some((v) => v >= 60)) return undefined;
  return values.reduce((total, v) => total * 60 + v, 0);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
