import type { ChartOptions, ChartType } from 'chart.js';
import type { ChartTheme } from './chartTheme.ts';

/**
 * The options every dashboard chart shares, in the theme's colours: text, grid lines, legend and tooltips, the
 * canvas background (what an exported PNG shows), no animation (a redraw after a theme change is immediate and the
 * screenshots are deterministic), and a size that follows the card.
 */
export function baseOptions<T extends ChartType>(theme: ChartTheme, axes: { x?: string; y?: string; yMax?: number; percent?: boolean } = {}): ChartOptions<T> {
  const tick = { color: theme.dimText, font: { family: theme.font } };
  const title = (text: string | undefined) => (text ? { display: true, text, color: theme.text, font: { family: theme.font } } : { display: false });
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    color: theme.text,
    font: { family: theme.font },
    plugins: {
      legend: { labels: { color: theme.text, boxWidth: 12, font: { family: theme.font } } },
      tooltip: { backgroundColor: theme.background, titleColor: theme.text, bodyColor: theme.text, borderColor: theme.grid, borderWidth: 1 },
      canvasBackground: { color: theme.background },
    },
    scales: {
      x: { ticks: tick, grid: { color: theme.grid }, border: { color: theme.grid }, title: title(axes.x) },
      y: {
        ticks: axes.percent ? { ...tick, callback: (value: number | string) => axisPercent(Number(value)) } : tick,
        grid: { color: theme.grid },
        border: { color: theme.grid },
        beginAtZero: true,
        ...(axes.yMax === undefined ? {} : { max: axes.yMax }),
        title: title(axes.y),
      },
    },
  } as ChartOptions<T>;
}

/** A tick of a rate axis: "20%", "2.5%", "0.25%" (as many decimals as the value needs, at most two), never two ticks alike. */
export function axisPercent(rate: number): string {
  return `${Number((rate * 100).toFixed(2))}%`;
}
