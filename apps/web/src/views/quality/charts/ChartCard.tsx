import type { Chart as ChartInstance, ChartData, ChartOptions, ChartType } from 'chart.js';
import { type ReactNode, useRef } from 'react';
import { Chart } from 'react-chartjs-2';
import { type CsvCell, toCsv } from '../csv.ts';
import { downloadFile, fileNameOf } from '../downloadFile.ts';
import { registerCharts } from './registerCharts.ts';

registerCharts();

let drawable: boolean | undefined;
/** Whether this page can draw on a canvas (a privacy-hardened browser, or a DOM without canvas, cannot). */
function canDraw(): boolean {
  drawable ??= typeof document !== 'undefined' && document.createElement('canvas').getContext('2d') !== null;
  return drawable;
}

/** Props of {@link ChartCard}. */
export interface ChartCardProps<T extends ChartType> {
  /** Names the card (`data-chart`) and the exported files. */
  id: string;
  title: string;
  /** What the chart shows, in words (the canvas's accessible name). */
  description: string;
  type: T;
  data: ChartData<T>;
  options: ChartOptions<T>;
  /** The chart's data as CSV rows (the CSV button downloads them). */
  csv: () => CsvCell[][];
  /** Parts of the exported files' names (the scope, the model version). */
  fileStem: readonly string[];
  /** Shown instead of the chart when there is too little data for it (the CSV stays available). */
  notEnough?: string | undefined;
  /** Text under the chart (figures, warnings). */
  children?: ReactNode;
  height?: number;
}

/**
 * One chart of the quality dashboard in a card: title, the chart (or a "not enough data" note), and buttons that
 * download it as PNG (drawn on the theme's background, so it reads outside the workbench) and its data as CSV.
 */
export function ChartCard<T extends ChartType>({ id, title, description, type, data, options, csv, fileStem, notEnough, children, height = 220 }: ChartCardProps<T>) {
  const chart = useRef<ChartInstance<T> | null>(null);
  const png = () => {
    const instance = chart.current;
    if (instance) downloadFile(fileNameOf([...fileStem, id], 'png'), instance.toBase64Image('image/png', 1));
  };
  const downloadCsv = () => downloadFile(fileNameOf([...fileStem, id], 'csv'), new Blob([toCsv(csv())], { type: 'text/csv;charset=utf-8' }));
  return (
    <section className="quality-card" data-testid="quality-chart" data-chart={id} aria-label={title}>
      <header className="quality-card-head">
        <h3>{title}</h3>
        <span className="quality-card-actions">
          <button type="button" className="link-button" data-testid="chart-png" disabled={notEnough !== undefined || !canDraw()} onClick={png} title={`Download the ${title.toLowerCase()} as a PNG image`}>
            PNG
          </button>
          <button type="button" className="link-button" data-testid="chart-csv" onClick={downloadCsv} title={`Download the data of the ${title.toLowerCase()} as CSV`}>
            CSV
          </button>
        </span>
      </header>
      {notEnough !== undefined ? (
        <p className="quality-not-enough" data-testid="not-enough-data">
          {notEnough}
        </p>
      ) : !canDraw() ? (
        // the figures stay available as CSV
        <p className="quality-not-enough" data-testid="chart-unavailable">
          {description} (This browser cannot draw charts; the CSV has the data.)
        </p>
      ) : (
        <div className="quality-chart" style={{ height }}>
          <Chart ref={chart as never} type={type} data={data} options={options} role="img" aria-label={description} fallbackContent={<p>{description}</p>} />
        </div>
      )}
      {children}
    </section>
  );
}
