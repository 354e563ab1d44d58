import { BarWithErrorBar, BarWithErrorBarsController } from 'chartjs-chart-error-bars';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartType,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  Tooltip,
} from 'chart.js';

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    /** The colour the canvas is filled with before a chart is drawn (what an exported PNG shows behind it). */
    canvasBackground?: { color?: string };
  }
}

// a PNG of a transparent canvas shows the viewer's background, which makes dark-theme text unreadable on white
const canvasBackground: Plugin = {
  id: 'canvasBackground',
  beforeDraw(chart, _args, options: { color?: string }) {
    if (!options.color) return;
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = options.color;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

let registered = false;

/** Registers the parts of Chart.js the quality dashboard draws with (once; the rest stays out of the bundle). */
export function registerCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler, BarWithErrorBarsController, BarWithErrorBar, canvasBackground);
}
