import type { QualitySliceGroupJson } from '@verbatim/core/api';
import type { CsvCell } from '../csv.ts';

/** A bar with whiskers as chartjs-chart-error-bars reads it. */
export interface ErrorBarPoint {
  y: number;
  yMin: number;
  yMax: number;
}

/** One attribute's chart: a bar per value with a WER, whiskers from its interval; the values without one named apart. */
export interface SliceSeries {
  readonly labels: string[];
  readonly bars: ErrorBarPoint[];
  readonly words: number[];
  /** Values with too few verified words for a figure (never drawn as a zero). */
  readonly notEnough: string[];
}

/** A slice group (one attribute of recordings or speakers) → bars with interval whiskers, by value. */
export function sliceSeries(group: QualitySliceGroupJson): SliceSeries {
  const sorted = [...group.slices].sort((a, b) => a.value.localeCompare(b.value));
  const shown = sorted.filter((s) => s.measures.wer !== null);
  return {
    labels: shown.map((s) => s.value),
    bars: shown.map((s) => {
      const wer = s.measures.wer!;
      return { y: wer.rate, yMin: wer.interval?.lower ?? wer.rate, yMax: wer.interval?.upper ?? wer.rate };
    }),
    words: shown.map((s) => s.measures.verifiedWords),
    notEnough: sorted.filter((s) => s.measures.wer === null).map((s) => s.value),
  };
}

/** "speaker accent" / "recording setting": whose attribute and its key. */
export function sliceGroupTitle(group: Pick<QualitySliceGroupJson, 'source' | 'key'>): string {
  return `${group.source === 'speaker' ? 'Speaker' : 'Recording'} ${group.key}`;
}

/** Every slice of every group as CSV rows (empty WER cells where there is not enough data). */
export function sliceCsv(groups: readonly QualitySliceGroupJson[]): CsvCell[][] {
  return [
    ['source', 'attribute', 'value', 'transcripts', 'verified_words', 'wer', 'wer_low', 'wer_high', 'ece', 'flag_precision', 'flag_recall'],
    ...groups.flatMap((g) =>
      g.slices.map((s) => [
        g.source,
        g.key,
        s.value,
        s.transcripts,
        s.measures.verifiedWords,
        s.measures.wer?.rate,
        s.measures.wer?.interval?.lower,
        s.measures.wer?.interval?.upper,
        s.measures.ece,
        s.measures.flags?.precision,
        s.measures.flags?.recall,
      ]),
    ),
  ];
}

/** A gap in a bar chart with whiskers: no bar and no whiskers (the plugin reads the fields of every point, so never `null` itself). */
export interface ErrorBarGap {
  y: null;
  yMin: null;
  yMax: null;
}

/** Points as chartjs-chart-error-bars takes them: each missing figure becomes a {@link ErrorBarGap}. */
export function errorBarData(points: readonly (ErrorBarPoint | null)[]): Array<ErrorBarPoint | ErrorBarGap> {
  return points.map((p) => p ?? { y: null, yMin: null, yMax: null });
}
