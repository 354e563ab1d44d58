// Child process of the memory benchmark: `node --expose-gc bench/peakMemory.ts <bundleDir> <audioFile> <threads>`.
// Transcribes the file on a one-worker pool and prints one JSON line with the process's peak resident set size
// (worker thread included), so each measurement starts from a fresh process.
import { TranscriberPool } from '../src/node/TranscriberPool.ts';
import { OVERLAP_SECONDS, WINDOW_SECONDS } from './pipelineWindows.ts';

const [bundleDir, file, threads = '2'] = process.argv.slice(2);
if (!bundleDir || !file) {
  console.error('usage: node --expose-gc bench/peakMemory.ts <bundleDir> <audioFile> [threads]');
  process.exit(2);
}
const collect = (globalThis as { gc?: () => void }).gc;
const pool = new TranscriberPool({ bundleDir, workers: 1, threadsPerWorker: Number(threads) });
try {
  await pool.ready();
  collect?.();
  const loadedRssMB = process.memoryUsage().rss / 2 ** 20;
  const t0 = performance.now();
  const result = await pool.transcribeFile(file, { decoder: 'greedy', windowSeconds: WINDOW_SECONDS, overlapSeconds: OVERLAP_SECONDS });
  const wallSeconds = (performance.now() - t0) / 1000;
  // maxRSS is in kilobytes
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ audioSeconds: result.duration, wallSeconds, words: result.words.length, loadedRssMB, peakRssMB }));
} finally {
  await pool.dispose();
}
