import type { ModelQualityJson } from '@verbatim/core/api';
import { baseOptions } from './baseOptions.ts';
import { ChartCard } from './ChartCard.tsx';
import type { ChartTheme } from './chartTheme.ts';
import { trendCsv, trendIsEmpty, trendSeries } from './trendData.ts';

/** WER per ISO week, one line per model version: a regression after a model change shows as a step. */
export function TrendChart({ models, theme, fileStem, minWords }: { models: readonly ModelQualityJson[]; theme: ChartTheme; fileStem: readonly string[]; minWords: number }) {
  const series = trendSeries(models);
  const options = baseOptions<'line'>(theme, { x: 'Week verified', y: 'WER', percent: true });
  options.plugins!.tooltip!.callbacks = {
    afterLabel: (item) => `${series.lines[item.datasetIndex]?.words[item.dataIndex] ?? 0} verified words`,
  };
  return (
    <ChartCard
      id="wer-trend"
      title="WER trend per model version"
      description={`Word error rate of each model version per week of verification (weeks with fewer than ${minWords} verified words are left out).`}
      type="line"
      data={{
        labels: series.labels,
        datasets: series.lines.map((line, i) => ({
          label: line.model,
          data: line.values,
          borderColor: theme.series[i % theme.series.length]!,
          backgroundColor: theme.series[i % theme.series.length]!,
          pointRadius: 3,
          tension: 0,
          spanGaps: false,
        })),
      }}
      options={options}
      csv={() => trendCsv(models)}
      fileStem={fileStem}
      notEnough={trendIsEmpty(series) ? `Not enough data: no week has ${minWords} verified words yet.` : undefined}
    />
  );
}
