import type { ModelBundle } from '../bundle/ModelBundle.ts';
import type { AcousticModel } from '../model/AcousticModel.ts';
import type { TranscribeOptions, TranscribeResult } from './TranscribeOptions.ts';
import { transcribeStream } from './transcribeStream.ts';

/**
 * Transcribes audio already in memory (mono, at the bundle's sample rate), windowed and stitched exactly as
 * {@link transcribeStream} does.
 *
 * @example
 * const { words, duration } = await transcribeSamples(samples, bundle, model, { decoder: 'beam', vocabulary });
 */
export function transcribeSamples(
  samples: Float32Array,
  bundle: ModelBundle,
  model: AcousticModel,
  options: TranscribeOptions = {},
): Promise<TranscribeResult> {
  return transcribeStream([samples], bundle, model, { durationSeconds: samples.length / bundle.sampleRate, ...options });
}
