import { type Spread, spreadOf } from '../../../tests/bench/alternatingRuns.ts';
import { TranscriberPool } from '../src/node/TranscriberPool.ts';
import type { TranscribeTimings } from '../src/transcribe/TranscribeOptions.ts';
import { OVERLAP_SECONDS, WINDOW_SECONDS } from './pipelineWindows.ts';

/** Real-time factor of `TranscriberPool.transcribeFile` with one worker. */
export interface PoolFigures {
  threads: number;
  audioSeconds: number;
  runs: number;
  /** From the call to its result, as the caller sees it, over `runs` calls. */
  wallSeconds: Spread;
  /** wallSeconds / audioSeconds (target <= 0.02). */
  rtf: Spread;
  /** The worker's own split, of the last run. */
  timings: TranscribeTimings;
}

/**
 * Transcribes `file` on a pool of one worker with `threads` ONNX threads, after the worker has loaded the model
 * and transcribed `warmUpFile` once (start-up is not what a real-time factor measures); `runs` times.
 */
export async function benchPool(bundleDir: string, file: string, warmUpFile: string, threads: number, runs: number): Promise<PoolFigures> {
  const pool = new TranscriberPool({ bundleDir, workers: 1, threadsPerWorker: threads });
  try {
    await pool.ready();
    const options = { decoder: 'greedy', windowSeconds: WINDOW_SECONDS, overlapSeconds: OVERLAP_SECONDS } as const;
    await pool.transcribeFile(warmUpFile, options);
    const wall: number[] = [];
    let result: Awaited<ReturnType<TranscriberPool['transcribeFile']>> | undefined;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      result = await pool.transcribeFile(file, options);
      wall.push((performance.now() - t0) / 1000);
    }
    const audioSeconds = result!.duration;
    return { threads, audioSeconds, runs, wallSeconds: spreadOf(wall), rtf: spreadOf(wall.map((s) => s / audioSeconds)), timings: result!.timings };
  } finally {
    await pool.dispose();
  }
}
