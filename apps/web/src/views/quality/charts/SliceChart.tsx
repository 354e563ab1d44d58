import type { QualitySliceGroupJson } from '@verbatim/core/api';
import { formatPercent } from '../formatFigures.ts';
import { baseOptions } from './baseOptions.ts';
import { ChartCard } from './ChartCard.tsx';
import { type ChartTheme, withAlpha } from './chartTheme.ts';
import { sliceCsv, sliceGroupTitle, sliceSeries } from './sliceData.ts';

/**
 * WER per value of one slice attribute, 95% intervals as whiskers, and the largest disparity (worst ÷ best WER), with
 * a warning above the project's ratio. Values with too few verified words are named under the chart.
 */
export function SliceChart({ group, theme, fileStem, warningRatio }: { group: QualitySliceGroupJson; theme: ChartTheme; fileStem: readonly string[]; warningRatio: number }) {
  const series = sliceSeries(group);
  const title = sliceGroupTitle(group);
  const options = baseOptions<'barWithErrorBars'>(theme, { y: 'WER', percent: true });
  options.plugins!.legend = { display: false };
  options.plugins!.tooltip!.callbacks = { afterLabel: (item) => `${series.words[item.dataIndex]} verified words` };
  const worst = group.disparity && series.labels.indexOf(group.disparity.worst);
  const colors = series.labels.map((_, i) => (group.disparity?.warning && i === worst ? theme.error : theme.series[3]!));
  const disparity = group.disparity;
  return (
    <ChartCard
      id={`slice-${group.source}-${group.key}`}
      title={`WER by ${title.toLowerCase()}`}
      description={`Word error rate for each ${title.toLowerCase()} with 95% intervals.`}
      type="barWithErrorBars"
      data={{
        labels: series.labels,
        datasets: [
          {
            label: 'WER',
            data: series.bars as never,
            backgroundColor: colors.map((c) => withAlpha(c, 0.6)),
            borderColor: colors,
            borderWidth: 1,
            errorBarColor: theme.text,
            errorBarWhiskerColor: theme.text,
          },
        ],
      }}
      options={options}
      csv={() => sliceCsv([group])}
      fileStem={fileStem}
      notEnough={series.labels.length === 0 ? `Not enough data: no ${title.toLowerCase()} has enough verified words yet.` : undefined}
    >
      {disparity ? (
        <p
          className={disparity.warning ? 'quality-disparity quality-warning' : 'quality-disparity'}
          data-testid="slice-disparity"
          data-warning={disparity.warning ? 'true' : undefined}
          role={disparity.warning ? 'alert' : undefined}
        >
          {disparity.warning ? '⚠ ' : ''}Largest disparity: "{disparity.worst}" {disparity.ratio === null ? 'has errors where' : `has ${disparity.ratio.toFixed(2)}× the WER of`} "{disparity.best}"
          {disparity.ratio === null ? ' has none' : ''}
          {disparity.warning ? ` (warning above ${warningRatio}×)` : ''}.
        </p>
      ) : null}
      {series.notEnough.length > 0 ? (
        <p className="quality-dim" data-testid="slice-not-enough">
          Not enough data for: {series.notEnough.join(', ')}.
        </p>
      ) : null}
      {series.labels.length > 0 ? (
        <p className="quality-dim">{series.labels.map((label, i) => `${label} ${formatPercent(series.bars[i]!.y)}`).join(' · ')}</p>
      ) : null}
    </ChartCard>
  );
}
