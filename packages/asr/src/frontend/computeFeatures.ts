import type { FrontEndConfig } from '../bundle/ModelBundle.ts';
import type { Features } from './Features.ts';
import { FrontEnd } from './FrontEnd.ts';

const cache = new WeakMap<FrontEndConfig, FrontEnd>();

/**
 * Model input features for one utterance (or one window of a long recording): `(frames, numMelBins)` row-major,
 * computed as the bundle's front end says. Reuses the tables built for the same config object.
 *
 * @example
 * const feats = computeFeatures(samples, bundle.input.frontEnd);
 */
export function computeFeatures(samples: Float32Array, cfg: FrontEndConfig): Features {
  let fe = cache.get(cfg);
  if (!fe) {
    fe = new FrontEnd(cfg);
    cache.set(cfg, fe);
  }
  return fe.compute(samples);
}
