import type { ModelQualityJson } from '@verbatim/core/api';
import type { CsvCell } from '../csv.ts';
import { modelRef } from '../modelRef.ts';
import type { ErrorBarPoint } from './sliceData.ts';

/** The flag chart's data: precision and recall bars per model version, Wilson intervals as whiskers. */
export interface FlagSeries {
  readonly labels: string[];
  readonly precision: (ErrorBarPoint | null)[];
  readonly recall: (ErrorBarPoint | null)[];
}

/** Model versions → precision and recall at the review threshold; a version without flags or errors has gaps. */
export function flagSeries(models: readonly Pick<ModelQualityJson, 'modelId' | 'modelVersion' | 'field'>[]): FlagSeries {
  const bar = (value: number | null | undefined, interval: { lower: number; upper: number } | null | undefined): ErrorBarPoint | null =>
    value === null || value === undefined ? null : { y: value, yMin: interval?.lower ?? value, yMax: interval?.upper ?? value };
  return {
    labels: models.map(modelRef),
    precision: models.map((m) => bar(m.field.flags?.precision, m.field.flags?.precisionInterval)),
    recall: models.map((m) => bar(m.field.flags?.recall, m.field.flags?.recallInterval)),
  };
}

/** True when no version has either figure. */
export function flagsAreEmpty(series: FlagSeries): boolean {
  return [...series.precision, ...series.recall].every((p) => p === null);
}

/** Flag precision and recall per model version as CSV rows. */
export function flagCsv(models: readonly Pick<ModelQualityJson, 'modelId' | 'modelVersion' | 'field'>[]): CsvCell[][] {
  return [
    ['model', 'version', 'threshold', 'flagged', 'errors', 'flagged_errors', 'precision', 'precision_low', 'precision_high', 'recall', 'recall_low', 'recall_high'],
    ...models.map((m) => {
      const f = m.field.flags;
      return [m.modelId, m.modelVersion, f?.threshold, f?.flagged, f?.errors, f?.flaggedErrors, f?.precision, f?.precisionInterval?.lower, f?.precisionInterval?.upper, f?.recall, f?.recallInterval?.lower, f?.recallInterval?.upper];
    }),
  ];
}
