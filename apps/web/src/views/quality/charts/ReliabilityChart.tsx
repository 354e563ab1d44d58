import type { ReliabilityBinJson } from '@verbatim/core/api';
import { baseOptions } from './baseOptions.ts';
import { ChartCard } from './ChartCard.tsx';
import { type ChartTheme, withAlpha } from './chartTheme.ts';
import { reliabilityCsv, reliabilitySeries } from './reliabilityData.ts';
import { errorBarData } from './sliceData.ts';

/** The reliability diagram: observed accuracy per confidence bin (with Wilson whiskers) against the diagonal. */
export function ReliabilityChart({ bins, theme, fileStem, notEnough }: { bins: readonly ReliabilityBinJson[]; theme: ChartTheme; fileStem: readonly string[]; notEnough: string | undefined }) {
  const series = reliabilitySeries(bins);
  const options = baseOptions<'barWithErrorBars'>(theme, { x: 'Confidence', y: 'Observed accuracy', yMax: 1, percent: true });
  options.plugins!.tooltip!.callbacks = {
    afterLabel: (item) => (item.datasetIndex === 0 ? `${series.counts[item.dataIndex]} words` : ''),
  };
  return (
    <ChartCard
      id="reliability"
      title="Reliability diagram"
      description="Observed accuracy of the verified words in each confidence bin, against the diagonal where accuracy equals confidence."
      type="barWithErrorBars"
      data={{
        labels: series.labels,
        datasets: [
          {
            type: 'barWithErrorBars',
            label: 'Observed accuracy',
            data: errorBarData(series.accuracy) as never,
            backgroundColor: withAlpha(theme.series[0]!, 0.55),
            borderColor: theme.series[0]!,
            borderWidth: 1,
            errorBarColor: theme.text,
            errorBarWhiskerColor: theme.text,
            barPercentage: 1,
            categoryPercentage: 0.92,
          },
          {
            type: 'line' as never,
            label: 'Perfect calibration',
            data: series.diagonal as never,
            borderColor: theme.dimText,
            borderDash: [5, 4],
            borderWidth: 1.5,
            pointRadius: 0,
          } as never,
          {
            type: 'line' as never,
            label: 'Mean confidence',
            data: series.meanConfidence as never,
            borderColor: theme.series[1]!,
            backgroundColor: theme.series[1]!,
            borderWidth: 0,
            pointRadius: 3,
            showLine: false,
          } as never,
        ],
      }}
      options={options}
      csv={() => reliabilityCsv(bins)}
      fileStem={fileStem}
      notEnough={notEnough}
    />
  );
}
