import { isoWeek, largestDisparity } from '@verbatim/core';
import type { CorrectionCountJson, QualityAlertStateJson, QualitySliceGroupJson, QualityTrendPointJson } from '@verbatim/core/api';
import { measureField, pooledEce, pooledRate, type ThresholdedUnit } from './measureField.ts';
import type { ComparisonBaseline } from './comparisonBaseline.ts';
import type { QualitySettings } from './QualitySettings.ts';
import type { SliceAttributes } from './SliceAttributeStore.ts';

/** A unit with where it came from: what slicing, trend and the alert need. */
export interface PlacedUnit extends ThresholdedUnit {
  readonly transcriptId: string;
  readonly projectId: string;
  readonly mediaId: string;
  readonly transcriptCreatedAt: number;
}

/** Where slice attributes are looked up. */
export interface SliceSources {
  readonly media: ReadonlyMap<string, SliceAttributes>;
  /** By speaker label for one project, or by `<projectId>\n<speaker>` across projects. */
  readonly speakers: ReadonlyMap<string, SliceAttributes>;
  readonly speakerKey: (unit: PlacedUnit) => string;
}

const MAX_CORRECTIONS = 20;

/** Units in the order they were verified (the order of the trend, baseline and window). */
export function inVerificationOrder(units: readonly PlacedUnit[]): PlacedUnit[] {
  return [...units].sort(
    (a, b) => a.verifiedAt - b.verifiedAt || a.transcriptCreatedAt - b.transcriptCreatedAt || compare(a.transcriptId, b.transcriptId) || a.span - b.span,
  );
}

/** Per ISO week of verification, oldest first; WER and ECE only for weeks of at least minWords words. */
export function trendOf(units: readonly PlacedUnit[], minWords: number): QualityTrendPointJson[] {
  const weeks = new Map<string, PlacedUnit[]>();
  for (const unit of inVerificationOrder(units)) {
    const week = isoWeek(unit.verifiedAt);
    weeks.set(week, [...(weeks.get(week) ?? []), unit]);
  }
  return [...weeks].map(([week, inWeek]) => {
    const verifiedWords = inWeek.reduce((n, u) => n + u.words.total, 0);
    const enough = verifiedWords >= minWords && verifiedWords > 0;
    return { week, verifiedWords, wer: enough ? pooledRate(inWeek) : null, ece: enough ? pooledEce(inWeek) : null };
  });
}

/** The most frequent edited runs, most frequent first, then alphabetically. */
export function correctionsOf(units: readonly PlacedUnit[]): CorrectionCountJson[] {
  const counts = new Map<string, CorrectionCountJson>();
  for (const unit of units) {
    for (const edit of unit.edits) {
      const key = `${edit.said}\n${edit.meant}`;
      const entry = counts.get(key) ?? { said: edit.said, meant: edit.meant, count: 0 };
      counts.set(key, { ...entry, count: entry.count + 1 });
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.count - a.count || compare(a.said, b.said) || compare(a.meant, b.meant))
    .slice(0, MAX_CORRECTIONS);
}

/**
 * Every measure per slice: per attribute key of recordings, then of speakers, one slice per value (units without
 * the key belong to none of its slices), with the largest WER disparity among slices of at least minWords words.
 */
export function slicesOf(units: readonly PlacedUnit[], sources: SliceSources, settings: QualitySettings): QualitySliceGroupJson[] {
  const groups: QualitySliceGroupJson[] = [];
  const bySource: [('recording' | 'speaker'), (u: PlacedUnit) => SliceAttributes | undefined][] = [
    ['recording', (u) => sources.media.get(u.mediaId)],
    ['speaker', (u) => sources.speakers.get(sources.speakerKey(u))],
  ];
  for (const [source, attributesOf] of bySource) {
    const keys = new Map<string, Map<string, PlacedUnit[]>>();
    for (const unit of units) {
      for (const [key, value] of Object.entries(attributesOf(unit) ?? {})) {
        const values = keys.get(key) ?? new Map<string, PlacedUnit[]>();
        values.set(value, [...(values.get(value) ?? []), unit]);
        keys.set(key, values);
      }
    }
    for (const key of [...keys.keys()].sort(compare)) {
      const slices = [...keys.get(key)!]
        .sort(([a], [b]) => compare(a, b))
        .map(([value, inSlice]) => ({ value, transcripts: new Set(inSlice.map((u) => u.transcriptId)).size, measures: measureField(inSlice, settings.minWords) }));
      const disparity = largestDisparity(
        slices.filter((s) => s.measures.wer !== null).map((s) => ({ key: s.value, rate: s.measures.wer!.rate, words: s.measures.verifiedWords })),
        settings.minWords,
      );
      groups.push({
        source,
        key,
        slices,
        disparity:
          disparity === null
            ? null
            : {
                worst: disparity.worst,
                best: disparity.best,
                ratio: Number.isFinite(disparity.ratio) ? disparity.ratio : null,
                warning: !Number.isFinite(disparity.ratio) || disparity.ratio > settings.disparityWarningRatio,
              },
      });
    }
  }
  return groups;
}

/** The first and the last units of a version holding at least `words` verified words each. */
export function baselineAndWindow(ordered: readonly PlacedUnit[], settings: QualitySettings): { baseline: PlacedUnit[]; window: PlacedUnit[] } {
  const baseline: PlacedUnit[] = [];
  let words = 0;
  for (const unit of ordered) {
    if (words >= settings.baselineWords) break;
    baseline.push(unit);
    words += unit.words.total;
  }
  return { baseline, window: lastWords(ordered, settings.windowWords) };
}

/** The last units (in verification order) holding at least `words` verified words, or all of them. */
export function lastWords(ordered: readonly PlacedUnit[], words: number): PlacedUnit[] {
  const window: PlacedUnit[] = [];
  let total = 0;
  for (let i = ordered.length - 1; i >= 0 && total < words; i--) {
    window.unshift(ordered[i]!);
    total += ordered[i]!.words.total;
  }
  return window;
}

/**
 * The alert of a version: its last windowWords verified words against a baseline, which is its finished comparison
 * (issue 13's compare run) when it has one, else its own first baselineWords verified words (once it has both without
 * overlap); fires when the window's WER exceeds the baseline's by more than werMargin or its ECE the baseline's by more
 * than eceMargin.
 */
export function alertOf(units: readonly PlacedUnit[], settings: QualitySettings, comparison?: ComparisonBaseline): QualityAlertStateJson {
  const ordered = inVerificationOrder(units);
  const total = ordered.reduce((n, u) => n + u.words.total, 0);
  const margin = settings.werMargin;
  const notEnough = (reason: string): QualityAlertStateJson => ({
    state: 'not-enough-data',
    reason: `not enough data: ${reason}`,
    baselineWer: comparison?.wer ?? null,
    windowWer: null,
    baselineEce: comparison?.ece ?? null,
    windowEce: null,
    margin,
  });
  let baselineWer: number;
  let baselineEce: number | null;
  let against: string;
  let window: PlacedUnit[];
  if (comparison !== undefined) {
    if (total < settings.windowWords) return notEnough(`${total} verified words; the window (last ${settings.windowWords}) is compared with comparison ${comparison.comparisonId}`);
    window = lastWords(ordered, settings.windowWords);
    ({ wer: baselineWer, ece: baselineEce } = comparison);
    against = `its comparison ${comparison.comparisonId}`;
  } else {
    const needed = settings.baselineWords + settings.windowWords;
    const split = baselineAndWindow(ordered, settings);
    if (total < needed || split.baseline.length + split.window.length > ordered.length) {
      return notEnough(`${total} verified words; the baseline (first ${settings.baselineWords}) and the window (last ${settings.windowWords}) need ${needed} without overlap`);
    }
    window = split.window;
    baselineWer = pooledRate(split.baseline)!;
    baselineEce = pooledEce(split.baseline);
    against = `its first ${settings.baselineWords} verified words`;
  }
  const windowWer = pooledRate(window)!;
  const windowEce = pooledEce(window);
  const worseWer = windowWer > baselineWer + settings.werMargin;
  const worseEce = baselineEce !== null && windowEce !== null && windowEce > baselineEce + settings.eceMargin;
  const figures = `WER ${fmt(windowWer)} against ${fmt(baselineWer)} (margin ${settings.werMargin}), ECE ${fmt(windowEce)} against ${fmt(baselineEce)} (margin ${settings.eceMargin})`;
  return {
    state: worseWer || worseEce ? 'alert' : 'ok',
    reason: `${worseWer || worseEce ? `worse than its baseline: ${[worseWer && 'WER', worseEce && 'ECE'].filter(Boolean).join(' and ')}` : 'within its baseline'}: last ${settings.windowWords} words against ${against}: ${figures}`,
    baselineWer,
    windowWer,
    baselineEce,
    windowEce,
    margin,
  };
}

function fmt(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
