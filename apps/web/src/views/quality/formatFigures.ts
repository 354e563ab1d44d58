import type { ErrorRateJson, FieldMeasuresJson, IntervalJson } from '@verbatim/core/api';

/** A rate as a percentage with one decimal ("12.5%"); "–" for none. */
export function formatPercent(rate: number | null | undefined): string {
  return rate === null || rate === undefined || !Number.isFinite(rate) ? '–' : `${(rate * 100).toFixed(1)}%`;
}

/** A 95 % interval of rates ("10.1–15.0%"). */
export function formatInterval(interval: IntervalJson | null | undefined): string | undefined {
  return interval ? `${(interval.lower * 100).toFixed(1)}–${(interval.upper * 100).toFixed(1)}%` : undefined;
}

/** A score in [0, 1] with three decimals ("0.043"); "–" for none. */
export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(3);
}

/** One figure of the dashboard's summary: what it is, its text, its raw value (for tests and the CSV), and a note. */
export interface Figure {
  readonly id: string;
  readonly label: string;
  readonly text: string;
  readonly value: number | null;
  readonly note?: string;
}

/**
 * The summary figures of one set of measures: WER and CER with their intervals and S/D/I, ECE, AUROC, flag precision
 * and recall, and how many verified words they rest on. Measures the server withheld read "–" (its reason is shown
 * beside them).
 */
export function summaryFigures(measures: FieldMeasuresJson): Figure[] {
  const rate = (id: string, label: string, r: ErrorRateJson | null): Figure => {
    const interval = formatInterval(r?.interval);
    return {
      id,
      label,
      text: formatPercent(r?.rate),
      value: r?.rate ?? null,
      ...(r ? { note: `${r.substitutions} sub · ${r.deletions} del · ${r.insertions} ins of ${r.total.toLocaleString('en')}${interval ? ` · 95% ${interval}` : ''}` } : {}),
    };
  };
  const flags = measures.flags;
  return [
    rate('wer', 'WER', measures.wer),
    rate('cer', 'CER', measures.cer),
    { id: 'ece', label: 'ECE', text: formatScore(measures.ece), value: measures.ece, note: 'calibration error (0 is perfect)' },
    { id: 'auroc', label: 'AUROC', text: formatScore(measures.auroc), value: measures.auroc, note: 'error detection (1 is perfect, 0.5 chance)' },
    {
      id: 'flag-precision',
      label: 'Flag precision',
      text: formatPercent(flags?.precision),
      value: flags?.precision ?? null,
      ...(flags ? { note: `${flags.flaggedErrors} of ${flags.flagged} flagged words were wrong` } : {}),
    },
    {
      id: 'flag-recall',
      label: 'Flag recall',
      text: formatPercent(flags?.recall),
      value: flags?.recall ?? null,
      ...(flags ? { note: `${flags.flaggedErrors} of ${flags.errors} errors were flagged (threshold ${Math.round(flags.threshold * 100)}%)` } : {}),
    },
    { id: 'verified-words', label: 'Verified words', text: measures.verifiedWords.toLocaleString('en'), value: measures.verifiedWords, note: `in ${measures.spans} verified span${measures.spans === 1 ? '' : 's'}` },
  ];
}
