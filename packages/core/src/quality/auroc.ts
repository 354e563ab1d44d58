import { QualityMeasureError } from './QualityMeasureError.ts';

/**
 * Area under the ROC curve: the probability that a randomly chosen positive has a higher score than a randomly chosen
 * negative (ties count one half), computed from ranks (Mann–Whitney U) in O(n log n). For error detection pass
 * `scores = 1 − confidence` and `positives = wrong`: 1 means every wrong word had lower confidence than every right
 * one, 0.5 means confidence says nothing about errors. null when there are no positives or no negatives.
 *
 * @example
 * auroc([0.9, 0.8, 0.3, 0.1], [true, false, true, false]) // 0.75
 */
export function auroc(scores: readonly number[], positives: readonly boolean[]): number | null {
  if (scores.length !== positives.length) {
    throw new QualityMeasureError('length-mismatch', `Needs one label per score (got ${scores.length} scores and ${positives.length} labels).`);
  }
  const bad = scores.findIndex((s) => typeof s !== 'number' || Number.isNaN(s));
  if (bad >= 0) throw new QualityMeasureError('invalid-value', `The score at index ${bad} is not a number.`);
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positiveCount = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const rank = (start + end) / 2 + 1; // tied scores share their mean rank
    for (let k = start; k <= end; k++) {
      if (positives[order[k]!]) {
        positiveCount++;
        positiveRankSum += rank;
      }
    }
    start = end + 1;
  }
  const negativeCount = scores.length - positiveCount;
  if (positiveCount === 0 || negativeCount === 0) return null;
  return (positiveRankSum - (positiveCount * (positiveCount + 1)) / 2) / (positiveCount * negativeCount);
}
