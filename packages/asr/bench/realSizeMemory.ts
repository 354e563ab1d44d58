// Child process of the real-size benchmark: `node --expose-gc bench/realSizeMemory.ts <bundleDir> <audioFile> <threads> <bare|pipeline>`.
// Loads the model as the pipeline benchmark does, then either runs bare `session.run` over the pipeline's windows
// (features computed first) or the whole pipeline on the file, and prints one JSON line with the process's peak
// resident set size, so each arm's memory is measured from a fresh process.
import { loadModelBundle } from '../src/node/loadModelBundle.ts';
import { decodeAudioFile } from '../src/node/audio/decodeAudioFile.ts';
import { modelFeeds, runPipeline } from './benchPipeline.ts';
import { loadSharedModel } from './loadSharedModel.ts';
import { pipelineWindows } from './pipelineWindows.ts';

const [bundleDir, file, threads = '2', mode] = process.argv.slice(2);
if (!bundleDir || !file || (mode !== 'bare' && mode !== 'pipeline')) {
  console.error('usage: node --expose-gc bench/realSizeMemory.ts <bundleDir> <audioFile> <threads> <bare|pipeline>');
  process.exit(2);
}
const collect = (globalThis as { gc?: () => void }).gc;
const bundle = await loadModelBundle(bundleDir);
const { model, session } = await loadSharedModel(bundle, Number(threads));
try {
  collect?.();
  const loadedRssMB = process.memoryUsage().rss / 2 ** 20;
  let ms: number;
  if (mode === 'bare') {
    const samples = await decodeAudioFile(file, { sampleRate: bundle.sampleRate });
    const { windows } = pipelineWindows(samples.length, bundle.sampleRate, bundle.output.frameShiftSeconds);
    const feeds = windows.map((w) => modelFeeds(samples.subarray(w.start, w.end), bundle));
    const t0 = performance.now();
    for (const feed of feeds) await session.run(feed);
    ms = performance.now() - t0;
  } else {
    ms = (await runPipeline(file, bundle, model)).ms;
  }
  // maxRSS is in kilobytes
  console.log(JSON.stringify({ mode, ms, loadedRssMB, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
} finally {
  await model.dispose();
}
