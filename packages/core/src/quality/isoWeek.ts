/**
 * The ISO 8601 week of a UTC instant, as `YYYY-Www` (weeks start on Monday; week 1 holds the year's first Thursday).
 *
 * @example
 * isoWeek(Date.UTC(2026, 0, 1)) // "2026-W01"; isoWeek(Date.UTC(2027, 0, 1)) // "2026-W53"
 */
export function isoWeek(ms: number): string {
  const date = new Date(ms);
  const day = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
