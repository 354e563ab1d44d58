import type { ModelComparisonRowJson } from '@verbatim/core/api';
import { formatNumber, formatShare } from './modelFormat.ts';

/** The rows of a comparison table: label, how to read one model's figure, and which way is better. */
export const COMPARISON_METRICS: readonly { label: string; read: (row: ModelComparisonRowJson) => string; title?: string }[] = [
  { label: 'WER', read: (r) => formatShare(r.wer), title: 'Word error rate against the human-verified text' },
  { label: 'CER', read: (r) => formatShare(r.cer), title: 'Character error rate' },
  { label: 'Substitutions', read: (r) => r.substitutions.toLocaleString() },
  { label: 'Deletions', read: (r) => r.deletions.toLocaleString() },
  { label: 'Insertions', read: (r) => r.insertions.toLocaleString() },
  { label: 'Reference words', read: (r) => r.referenceWords.toLocaleString() },
  { label: 'Term recall', read: (r) => (r.terms === 0 ? '–' : `${formatShare(r.termRecall)} of ${r.terms}`), title: "The project vocabulary's terms the model wrote" },
  { label: 'ECE', read: (r) => (r.ece === null ? 'uncalibrated' : formatNumber(r.ece, 3)), title: 'Expected calibration error of word confidence (10 bins)' },
  { label: 'Flag precision', read: (r) => formatShare(r.flagPrecision), title: 'Flagged words that were wrong' },
  { label: 'Flag recall', read: (r) => formatShare(r.flagRecall), title: 'Wrong words that were flagged' },
  { label: 'Flag threshold', read: (r) => formatNumber(r.flagThreshold, 2) },
  { label: 'Real-time factor', read: (r) => formatNumber(r.realTimeFactor, 3), title: 'Processing seconds per audio second' },
];

/** The rows of a comparison in table order: the current transcripts first, then the candidate. */
export function orderRows(rows: readonly ModelComparisonRowJson[]): ModelComparisonRowJson[] {
  return [...rows].sort((a, b) => (a.role === b.role ? 0 : a.role === 'current' ? -1 : 1));
}
