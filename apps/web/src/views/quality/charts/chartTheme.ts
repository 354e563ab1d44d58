import { useEffect, useState } from 'react';

/** The colours a chart is drawn with, read from the theme's CSS custom properties. */
export interface ChartTheme {
  readonly name: 'light' | 'dark';
  readonly text: string;
  readonly dimText: string;
  readonly grid: string;
  readonly background: string;
  readonly accent: string;
  readonly error: string;
  readonly warning: string;
  readonly success: string;
  /** One colour per series (model versions, slices), readable on {@link background}. */
  readonly series: readonly string[];
  readonly font: string;
}

const SERIES = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'];

/**
 * The chart colours of the theme in force on `root` (its `data-theme`, see ThemeModel): the workbench's own custom
 * properties (`--fg`, `--border`, `--bg-editor`, …) and the series colours of quality.css (`--chart-1` … `--chart-6`).
 */
export function readChartTheme(root: HTMLElement = document.documentElement): ChartTheme {
  const style = getComputedStyle(root);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const dark = root.dataset.theme !== 'light';
  return {
    name: dark ? 'dark' : 'light',
    text: read('--fg', dark ? '#cccccc' : '#3b3b3b'),
    dimText: read('--fg-dim', dark ? '#9d9d9d' : '#5f5f5f'),
    grid: read('--border-strong', dark ? '#3c3c3c' : '#cecece'),
    background: read('--bg-editor', dark ? '#1e1e1e' : '#ffffff'),
    accent: read('--accent', '#0078d4'),
    error: read('--error', '#f85149'),
    warning: read('--warning', '#cca700'),
    success: read('--success', '#2ea043'),
    series: SERIES.map((name, i) => read(name, FALLBACK_SERIES[i]!)),
    font: read('--font', 'system-ui, sans-serif'),
  };
}

const FALLBACK_SERIES = ['#4fa3e0', '#e0a24f', '#6cc08b', '#d673b0', '#a98ee6', '#e06c6c'];

/** {@link readChartTheme}, read again whenever the page's theme changes (Settings, or the system's setting). */
export function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(() => readChartTheme());
  useEffect(() => {
    const root = document.documentElement;
    const observer = new MutationObserver(() => setTheme((before) => (root.dataset.theme === before.name ? before : readChartTheme(root))));
    observer.observe(root, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

/** `color` (a #rrggbb colour) at `alpha` opacity, for fills under lines and bars. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/iu.exec(color.trim());
  if (!hex) return color;
  const n = Number.parseInt(hex[1]!, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
