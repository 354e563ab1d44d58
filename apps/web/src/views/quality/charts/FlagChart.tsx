import type { ModelQualityJson } from '@verbatim/core/api';
import { baseOptions } from './baseOptions.ts';
import { ChartCard } from './ChartCard.tsx';
import { type ChartTheme, withAlpha } from './chartTheme.ts';
import { flagCsv, flagSeries, flagsAreEmpty } from './flagData.ts';
import { errorBarData } from './sliceData.ts';

/** Flag precision (flags that found an error) and recall (errors F8 finds) per model version at the review threshold. */
export function FlagChart({ models, theme, fileStem, threshold }: { models: readonly ModelQualityJson[]; theme: ChartTheme; fileStem: readonly string[]; threshold: number }) {
  const series = flagSeries(models);
  const options = baseOptions<'barWithErrorBars'>(theme, { y: `At the ${Math.round(threshold * 100)}% threshold`, yMax: 1, percent: true });
  const dataset = (label: string, data: typeof series.precision, color: string) => ({
    label,
    data: errorBarData(data) as never,
    backgroundColor: withAlpha(color, 0.6),
    borderColor: color,
    borderWidth: 1,
    errorBarColor: theme.text,
    errorBarWhiskerColor: theme.text,
  });
  return (
    <ChartCard
      id="flag-precision-recall"
      title="Flag precision and recall"
      description="For each model version: the share of flagged words that were wrong (precision) and the share of wrong words that were flagged (recall), with 95% intervals."
      type="barWithErrorBars"
      data={{ labels: series.labels, datasets: [dataset('Precision', series.precision, theme.series[0]!), dataset('Recall', series.recall, theme.series[2]!)] }}
      options={options}
      csv={() => flagCsv(models)}
      fileStem={fileStem}
      notEnough={flagsAreEmpty(series) ? 'Not enough data: no model version has enough verified words with flags or errors.' : undefined}
    />
  );
}
