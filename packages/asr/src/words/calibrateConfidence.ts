import type { ConfidenceConfig } from '../bundle/ModelBundle.ts';

/**
 * The bundle's Platt map from a raw word score to P(word is right): `1 / (1 + exp(-(a * logit(raw) + b)))`, with the
 * raw score clipped to [1e-6, 1 - 1e-6] before the logit. Without a calibration the raw score is returned.
 */
export function calibrateConfidence(raw: number, calibration: ConfidenceConfig['calibration']): number {
  if (!calibration) return raw;
  const c = Math.min(Math.max(raw, 1e-6), 1 - 1e-6);
  const logit = Math.log(c / (1 - c));
  return 1 / (1 + Math.exp(-(calibration.a * logit + calibration.b)));
}
