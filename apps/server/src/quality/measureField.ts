import { auroc, errorRateInterval, expectedCalibrationError, reliabilityBins, wilsonInterval, type ErrorRate } from '@verbatim/core';
import type { ErrorRateJson, FieldMeasuresJson, FlagQualityJson } from '@verbatim/core/api';
import type { ScoredUnit } from './scoreVerifiedSpans.ts';

/** A scored unit with the review threshold of its project (flags are measured at the project's own threshold). */
export interface ThresholdedUnit extends ScoredUnit {
  readonly threshold: number;
}

/**
 * Every field measure over some scored units (a model version, a week, a slice), or nulls with a reason when they
 * hold fewer than `minWords` verified words. WER and CER are pooled over the units (Σ errors / Σ words) with the
 * units as clusters of their interval; confidence measures run over every scored machine word; flags count a word
 * as flagged below its own project's threshold.
 */
export function measureField(units: readonly ThresholdedUnit[], minWords: number): FieldMeasuresJson {
  const verifiedWords = sum(units, (u) => u.words.total);
  const scoredWords = sum(units, (u) => u.confidences.length);
  const base = { verifiedWords, scoredWords, spans: units.length };
  if (verifiedWords < minWords || verifiedWords === 0) {
    return {
      ...base,
      enough: false,
      reason: `not enough data: ${verifiedWords} verified word${verifiedWords === 1 ? '' : 's'}, ${minWords} needed`,
      wer: null,
      cer: null,
      ece: null,
      auroc: null,
      reliability: [],
      flags: null,
    };
  }
  const confidences = units.flatMap((u) => u.confidences);
  const correct = units.flatMap((u) => u.correct);
  return {
    ...base,
    enough: true,
    reason: null,
    wer: pooled(units, (u) => u.words),
    cer: pooled(units, (u) => u.chars),
    ece: expectedCalibrationError(confidences, correct),
    auroc: auroc(
      confidences.map((c) => 1 - c),
      correct.map((right) => !right),
    ),
    reliability: reliabilityBins(confidences, correct).map((bin) => ({ ...bin, interval: wilsonInterval(bin.correct, bin.count) })),
    flags: flagQuality(units),
  };
}

/** WER of some units, pooled: what the alert and the trend compare. */
export function pooledRate(units: readonly ScoredUnit[]): number | null {
  const total = sum(units, (u) => u.words.total);
  return total === 0 ? null : sum(units, (u) => u.words.errors) / total;
}

/** ECE of the machine words of some units. */
export function pooledEce(units: readonly ScoredUnit[]): number | null {
  return expectedCalibrationError(
    units.flatMap((u) => u.confidences),
    units.flatMap((u) => u.correct),
  );
}

function pooled(units: readonly ThresholdedUnit[], of: (u: ScoredUnit) => ErrorRate): ErrorRateJson {
  const total = sum(units, (u) => of(u).total);
  const errors = sum(units, (u) => of(u).errors);
  return {
    rate: total === 0 ? 0 : errors / total,
    errors,
    total,
    substitutions: sum(units, (u) => of(u).substitutions),
    deletions: sum(units, (u) => of(u).deletions),
    insertions: sum(units, (u) => of(u).insertions),
    interval: errorRateInterval(units.map((u) => ({ errors: of(u).errors, words: of(u).total }))),
  };
}

function flagQuality(units: readonly ThresholdedUnit[]): FlagQualityJson {
  let flagged = 0;
  let errors = 0;
  let flaggedErrors = 0;
  for (const unit of units) {
    unit.confidences.forEach((confidence, i) => {
      const isFlagged = confidence < unit.threshold;
      const wrong = !unit.correct[i];
      if (isFlagged) flagged++;
      if (wrong) errors++;
      if (isFlagged && wrong) flaggedErrors++;
    });
  }
  const thresholds = new Set(units.map((u) => u.threshold));
  return {
    threshold: thresholds.size === 1 ? units[0]!.threshold : Math.min(...thresholds),
    flagged,
    errors,
    flaggedErrors,
    precision: flagged === 0 ? null : flaggedErrors / flagged,
    recall: errors === 0 ? null : flaggedErrors / errors,
    precisionInterval: wilsonInterval(flaggedErrors, flagged),
    recallInterval: wilsonInterval(flaggedErrors, errors),
  };
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += of(item);
  return total;
}
