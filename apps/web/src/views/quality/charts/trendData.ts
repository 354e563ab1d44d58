import type { ModelQualityJson } from '@verbatim/core/api';
import type { CsvCell } from '../csv.ts';
import { modelRef } from '../modelRef.ts';

/** The trend chart's data: every ISO week any version has (in order) and one line per model version, with gaps. */
export interface TrendSeries {
  readonly labels: string[];
  readonly lines: Array<{ model: string; values: (number | null)[]; words: number[] }>;
}

/**
 * Model versions → one WER line each over every week any of them has verified words in, so a version that started
 * later begins later, a week with too few words is a gap rather than a zero, and a regression after a model change
 * shows as a step from one line's level to the next one's.
 */
export function trendSeries(models: readonly Pick<ModelQualityJson, 'modelId' | 'modelVersion' | 'trend'>[]): TrendSeries {
  const labels = [...new Set(models.flatMap((m) => m.trend.map((p) => p.week)))].sort();
  return {
    labels,
    lines: models.map((m) => {
      const byWeek = new Map(m.trend.map((p) => [p.week, p]));
      return { model: modelRef(m), values: labels.map((w) => byWeek.get(w)?.wer ?? null), words: labels.map((w) => byWeek.get(w)?.verifiedWords ?? 0) };
    }),
  };
}

/** True when no version has a WER for any week (the chart then says "not enough data"). */
export function trendIsEmpty(series: TrendSeries): boolean {
  return series.lines.every((line) => line.values.every((v) => v === null));
}

/** The trend as CSV rows: one row per model version and week. */
export function trendCsv(models: readonly Pick<ModelQualityJson, 'modelId' | 'modelVersion' | 'trend'>[]): CsvCell[][] {
  return [['model', 'version', 'week', 'verified_words', 'wer', 'ece'], ...models.flatMap((m) => m.trend.map((p) => [m.modelId, m.modelVersion, p.week, p.verifiedWords, p.wer, p.ece]))];
}
