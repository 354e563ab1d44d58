import { QualityMeasureError } from './QualityMeasureError.ts';

// Every confidence measure takes parallel lists; one check so they all fail the same way.
export function checkPairs(confidences: readonly number[], correct: readonly boolean[]): void {
  if (confidences.length !== correct.length) {
    throw new QualityMeasureError(
      'length-mismatch',
      `Needs one correctness value per confidence (got ${confidences.length} confidences and ${correct.length} values).`,
    );
  }
  const bad = confidences.findIndex((c) => typeof c !== 'number' || !Number.isFinite(c));
  if (bad >= 0) throw new QualityMeasureError('invalid-value', `The confidence at index ${bad} is not a finite number.`);
}
