import { planWindows } from '../src/transcribe/planWindows.ts';

/** Window length and overlap the benchmark passes to every pipeline run (the runtime's defaults, made explicit). */
export const WINDOW_SECONDS = 30;
export const OVERLAP_SECONDS = 2;

/** One model run of the pipeline, in samples: the audio it sees and the core whose frames it contributes. */
export interface PipelineWindow {
  start: number;
  end: number;
  coreStart: number;
  /** `Infinity` for the last window, which keeps every frame past its core start. */
  coreEnd: number;
}

/**
 * The windows `transcribeStream` runs for `totalSamples` of audio, from the same plan (`planWindows`): a window runs
 * as soon as its core and right overlap are filled; whatever is left when the audio ends runs as a last window.
 */
export function pipelineWindows(
  totalSamples: number,
  sampleRate: number,
  frameShiftSeconds: number,
  windowSeconds = WINDOW_SECONDS,
  overlapSeconds = OVERLAP_SECONDS,
): { windows: PipelineWindow[]; frameSamples: number } {
  const { frameSamples, coreSamples, overlapSamples } = planWindows(sampleRate, frameShiftSeconds, windowSeconds, overlapSeconds);
  const windows: PipelineWindow[] = [];
  let k = 0;
  for (; totalSamples >= (k + 1) * coreSamples + overlapSamples; k++) {
    const coreStart = k * coreSamples;
    windows.push({ start: Math.max(0, coreStart - overlapSamples), end: coreStart + coreSamples + overlapSamples, coreStart, coreEnd: coreStart + coreSamples });
  }
  const coreStart = k * coreSamples;
  if (totalSamples > coreStart) {
    windows.push({ start: Math.max(0, coreStart - overlapSamples), end: totalSamples, coreStart, coreEnd: Infinity });
  }
  return { windows, frameSamples };
}
