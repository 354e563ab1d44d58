import { TranscriberPool } from '../src/node/TranscriberPool.ts';
import type { TranscribeTimings } from '../src/transcribe/TranscribeOptions.ts';
import { OVERLAP_SECONDS, WINDOW_SECONDS } from './pipelineWindows.ts';

/** Real-time factor of `TranscriberPool.transcribeFile` with one worker. */
export interface PoolFigures {
  threads: number;
  audioSeconds: number;
  /** From the call to its result, as the caller sees it. */
  wallSeconds: number;
  /** wallSeconds / audioSeconds (target <= 0.02). */
  rtf: number;
  /** The worker's own split. */
  timings: TranscribeTimings;
}

/**
 * Transcribes `file` on a pool of one worker with `threads` ONNX threads, after the worker has loaded the model
 * and transcribed `warmUpFile` once (start-up is not what a real-time factor measures).
 */
export async function benchPool(bundleDir: string, file: string, warmUpFile: string, threads: number): Promise<PoolFigures> {
  const pool = new TranscriberPool({ bundleDir, workers: 1, threadsPerWorker: threads });
  try {
    await pool.ready();
    const options = { decoder: 'greedy', windowSeconds: WINDOW_SECONDS, overlapSeconds: OVERLAP_SECONDS } as const;
    await pool.transcribeFile(warmUpFile, options);
    const t0 = performance.now();
    const result = await pool.transcribeFile(file, options);
    const wallSeconds = (performance.now() - t0) / 1000;
    return { threads, audioSeconds: result.duration, wallSeconds, rtf: wallSeconds / result.duration, timings: result.timings };
  } finally {
    await pool.dispose();
  }
}
