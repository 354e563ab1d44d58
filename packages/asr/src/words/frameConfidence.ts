import type { ConfidenceConfig } from '../bundle/ModelBundle.ts';
import type { LogProbs } from '../decode/types.ts';

/**
 * Confidence of one output frame from its posteriors: the top probability (`max_prob`), or NeMo's normalised Tsallis
 * entropy `1 - H_a(p) / H_a(uniform)` (`tsallis`), over the full vocabulary, blank included.
 */
export function frameConfidence(lp: LogProbs, frame: number, cfg: Pick<ConfidenceConfig, 'measure' | 'alpha'>): number {
  const { data, vocab } = lp;
  const row = frame * vocab;
  if (cfg.measure === 'max_prob') {
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) if (data[row + v]! > max) max = data[row + v]!;
    return Math.exp(max);
  }
  const a = cfg.alpha;
  let sum = 0;
  for (let v = 0; v < vocab; v++) sum += Math.exp(a * data[row + v]!); // p^a = exp(a log p)
  const h = (1 - sum) / (a - 1);
  const hMax = (1 - vocab ** (1 - a)) / (a - 1);
  return 1 - h / hMax;
}
