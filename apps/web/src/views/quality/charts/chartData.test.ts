import type { FieldMeasuresJson, ModelQualityJson, QualitySliceGroupJson, ReliabilityBinJson } from '@verbatim/core/api';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../csv.ts';
import { axisPercent } from './baseOptions.ts';
import { summaryFigures } from '../formatFigures.ts';
import { flagCsv, flagSeries, flagsAreEmpty } from './flagData.ts';
import { reliabilityCsv, reliabilitySeries } from './reliabilityData.ts';
import { errorBarData, sliceCsv, sliceGroupTitle, sliceSeries } from './sliceData.ts';
import { trendCsv, trendIsEmpty, trendSeries } from './trendData.ts';

const bin = (lower: number, count: number, correct: number, interval: { lower: number; upper: number } | null = null): ReliabilityBinJson => ({
  lower,
  upper: Math.round((lower + 0.1) * 10) / 10,
  count,
  correct,
  meanConfidence: count ? Math.round((lower + 0.05) * 100) / 100 : null,
  accuracy: count ? correct / count : null,
  interval,
});

const NOT_ENOUGH: FieldMeasuresJson = {
  verifiedWords: 3,
  scoredWords: 3,
  spans: 1,
  enough: false,
  reason: 'not enough data: 3 verified words, 50 needed',
  wer: null,
  cer: null,
  ece: null,
  auroc: null,
  reliability: [],
  flags: null,
};

function measures(wer: number | null, flags?: { precision: number | null; recall: number | null }): FieldMeasuresJson {
  if (wer === null) return NOT_ENOUGH;
  return {
    ...NOT_ENOUGH,
    verifiedWords: 200,
    scoredWords: 198,
    spans: 4,
    enough: true,
    reason: null,
    wer: { rate: wer, errors: wer * 200, total: 200, substitutions: 10, deletions: 3, insertions: 2, interval: { lower: wer - 0.02, upper: wer + 0.03 } },
    cer: { rate: wer / 2, errors: 40, total: 800, substitutions: 30, deletions: 6, insertions: 4, interval: null },
    ece: 0.0425,
    auroc: 0.8125,
    flags: flags
      ? { threshold: 0.6, flagged: 20, errors: 15, flaggedErrors: 12, precision: flags.precision, recall: flags.recall, precisionInterval: flags.precision === null ? null : { lower: 0.4, upper: 0.8 }, recallInterval: null }
      : null,
  };
}

const model = (version: string, trend: ModelQualityJson['trend'], field = measures(0.1)) => ({ modelId: 'verbatim-en', modelVersion: version, trend, field });

describe('reliability diagram data', () => {
  it('draws a bar per bin with whiskers, gaps for empty bins, and the diagonal through the midpoints', () => {
    const bins = [bin(0, 0, 0), bin(0.5, 4, 1, { lower: 0.05, upper: 0.7 }), bin(0.9, 10, 9)];
    const series = reliabilitySeries(bins);
    expect(series.labels).toEqual(['0.0–0.1', '0.5–0.6', '0.9–1.0']);
    expect(series.accuracy).toEqual([null, { y: 0.25, yMin: 0.05, yMax: 0.7 }, { y: 0.9, yMin: 0.9, yMax: 0.9 }]);
    expect(series.meanConfidence).toEqual([null, 0.55, 0.95]);
    expect(series.diagonal).toEqual([0.05, 0.55, 0.95]);
    expect(series.counts).toEqual([0, 4, 10]);
    // the error-bar plugin reads fields of every point: a gap is a point of nulls, not null
    expect(errorBarData(series.accuracy)[0]).toEqual({ y: null, yMin: null, yMax: null });
    expect(errorBarData(series.accuracy)[1]).toBe(series.accuracy[1]);
  });

  it('exports every bin, empty cells where a bin has no words', () => {
    expect(toCsv(reliabilityCsv([bin(0, 0, 0), bin(0.5, 4, 1, { lower: 0.05, upper: 0.7 })]))).toBe(
      'confidence_from,confidence_to,words,correct,mean_confidence,accuracy,accuracy_low,accuracy_high\r\n0,0.1,0,0,,,,\r\n0.5,0.6,4,1,0.55,0.25,0.05,0.7\r\n',
    );
  });
});

describe('WER trend data', () => {
  const models = [
    model('1', [
      { week: '2026-W47', verifiedWords: 300, wer: 0.1, ece: 0.05 },
      { week: '2026-W48', verifiedWords: 20, wer: null, ece: null },
    ]),
    model('2', [{ week: '2026-W49', verifiedWords: 400, wer: 0.2, ece: 0.1 }]),
  ];

  it('gives one line per version over every week, with gaps where a version has no figure', () => {
    const series = trendSeries(models);
    expect(series.labels).toEqual(['2026-W47', '2026-W48', '2026-W49']);
    expect(series.lines).toEqual([
      { model: 'verbatim-en@1', values: [0.1, null, null], words: [300, 20, 0] },
      { model: 'verbatim-en@2', values: [null, null, 0.2], words: [0, 0, 400] },
    ]);
    expect(trendIsEmpty(series)).toBe(false);
    expect(trendIsEmpty(trendSeries([model('1', [{ week: '2026-W47', verifiedWords: 3, wer: null, ece: null }])]))).toBe(true);
  });

  it('exports one row per version and week', () => {
    expect(trendCsv(models)).toEqual([
      ['model', 'version', 'week', 'verified_words', 'wer', 'ece'],
      ['verbatim-en', '1', '2026-W47', 300, 0.1, 0.05],
      ['verbatim-en', '1', '2026-W48', 20, null, null],
      ['verbatim-en', '2', '2026-W49', 400, 0.2, 0.1],
    ]);
  });
});

describe('slice data', () => {
  const group: QualitySliceGroupJson = {
    source: 'speaker',
    key: 'accent',
    slices: [
      { value: 'scottish', transcripts: 2, measures: measures(0.3) },
      { value: 'irish', transcripts: 1, measures: measures(null) },
      { value: 'general american', transcripts: 3, measures: measures(0.1) },
    ],
    disparity: { worst: 'scottish', best: 'general american', ratio: 3, warning: true },
  };

  it('draws a bar per value with its interval and names the values without a figure instead of drawing zeros', () => {
    const series = sliceSeries(group);
    expect(series.labels).toEqual(['general american', 'scottish']);
    expect(series.bars[0]!.y).toBeCloseTo(0.1);
    expect(series.bars[0]!.yMin).toBeCloseTo(0.08);
    expect(series.bars[1]!.yMax).toBeCloseTo(0.33);
    expect(series.words).toEqual([200, 200]);
    expect(series.notEnough).toEqual(['irish']);
    expect(sliceGroupTitle(group)).toBe('Speaker accent');
  });

  it('exports every slice, the ones without a figure with empty cells', () => {
    const rows = sliceCsv([group]);
    expect(rows[0]).toEqual(['source', 'attribute', 'value', 'transcripts', 'verified_words', 'wer', 'wer_low', 'wer_high', 'ece', 'flag_precision', 'flag_recall']);
    expect(rows[2]).toEqual(['speaker', 'accent', 'irish', 1, 3, undefined, undefined, undefined, null, undefined, undefined]);
    expect(toCsv(rows).split('\r\n')[2]).toBe('speaker,accent,irish,1,3,,,,,,');
  });
});

describe('flag precision/recall data', () => {
  it('draws precision and recall per version with whiskers, gaps where a figure is missing', () => {
    const models = [model('1', [], measures(0.1, { precision: 0.6, recall: 0.8 })), model('2', [], measures(0.1, { precision: null, recall: 0.5 })), model('3', [], measures(null))];
    const series = flagSeries(models);
    expect(series.labels).toEqual(['verbatim-en@1', 'verbatim-en@2', 'verbatim-en@3']);
    expect(series.precision).toEqual([{ y: 0.6, yMin: 0.4, yMax: 0.8 }, null, null]);
    expect(series.recall).toEqual([{ y: 0.8, yMin: 0.8, yMax: 0.8 }, { y: 0.5, yMin: 0.5, yMax: 0.5 }, null]);
    expect(flagsAreEmpty(series)).toBe(false);
    expect(flagsAreEmpty(flagSeries([models[2]!]))).toBe(true);
    expect(flagCsv(models)[1]).toEqual(['verbatim-en', '1', 0.6, 20, 15, 12, 0.6, 0.4, 0.8, 0.8, undefined, undefined]);
  });
});

describe('summary figures', () => {
  it('formats WER with its edits and interval, ECE, AUROC, flag figures and the words they rest on', () => {
    const figures = Object.fromEntries(summaryFigures(measures(0.125, { precision: 0.6, recall: 0.8 })).map((f) => [f.id, f]));
    expect(figures.wer).toEqual({ id: 'wer', label: 'WER', text: '12.5%', value: 0.125, note: '10 sub · 3 del · 2 ins of 200 · 95% 10.5–15.5%' });
    expect(figures.cer!.text).toBe('6.3%');
    expect(figures.ece!.text).toBe('0.043');
    expect(figures.auroc!.text).toBe('0.813');
    expect(figures['flag-precision']!.text).toBe('60.0%');
    expect(figures['flag-recall']!.note).toBe('12 of 15 errors were flagged (threshold 60%)');
    expect(figures['verified-words']!.text).toBe('200');
  });

  it('reads "–" for measures withheld for want of data', () => {
    const figures = summaryFigures(NOT_ENOUGH);
    expect(figures.filter((f) => f.id !== 'verified-words').map((f) => f.text)).toEqual(['–', '–', '–', '–', '–', '–']);
    expect(figures.find((f) => f.id === 'wer')!.value).toBeNull();
  });
});

describe('rate axis ticks', () => {
  it('give as many decimals as a small rate needs', () => {
    expect([0, 0.005, 0.025, 0.2, 1, 0.0125].map(axisPercent)).toEqual(['0%', '0.5%', '2.5%', '20%', '100%', '1.25%']);
  });
});
