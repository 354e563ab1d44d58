// Benchmark 1: the server's resident memory while it receives (and analyses) a large streamed upload, against idle.
import { RssSampler } from './rssSampler.ts';
import { startBenchServer } from './benchServer.ts';
import { streamUpload } from './streamUpload.ts';
import { wavChunks, wavSize } from './wavStream.ts';

/** What the upload benchmark measured (bytes, milliseconds). */
export interface UploadMemoryResult {
  uploadBytes: number;
  idleRss: number;
  idlePeakRss: number;
  uploadPeakRss: number;
  /** Peak during the upload minus the idle mean. */
  growth: number;
  /** Peak during the upload over the idle mean. */
  ratio: number;
  requestMs: number;
  throughputMBps: number;
  status: number;
  samples: number;
  /** Highest RSS seen by the time 25/50/75/100% of the file was sent: flat if nothing grows with the file. */
  rssBySent: { sentShare: number; rss: number }[];
  /** RSS after the server answered. */
  rssAfter: number;
}

const IDLE_MS = 2_000;

export async function measureUploadMemory(bundle: string, dataBytes: number, log: (line: string) => void): Promise<UploadMemoryResult> {
  // a 1 GiB WAV at 16 kHz holds 9.3 h: over the default --max-duration of 6 h
  const server = await startBenchServer(bundle, ['--workers', '1', '--upload-limit', `${Math.ceil((dataBytes * 1.1) / 2 ** 20) + 16}MiB`, '--max-duration', '48h']);
  try {
    const project = (await (await server.call('POST', '/api/projects', { name: 'Upload benchmark' })).json()) as { id: string };
    // let start-up settle, then take the idle baseline
    await new Promise((wake) => setTimeout(wake, 500));
    const idle = new RssSampler(server.pid);
    await new Promise((wake) => setTimeout(wake, IDLE_MS));
    idle.dispose();
    const idleSummary = idle.summary();
    log(`  idle: ${mb(idleSummary.meanRss)} (peak ${mb(idleSummary.peakRss)}, ${idleSummary.samples} samples)`);

    const size = wavSize(dataBytes);
    let sent = 0;
    const sampler = new RssSampler(server.pid, 50, () => sent / size);
    const started = performance.now();
    const answer = await streamUpload(`${server.url}/api/projects/${project.id}/media`, server.token, 'noise.wav', size, wavChunks(dataBytes), (n) => (sent = n));
    const requestMs = performance.now() - started;
    sampler.dispose();
    if (answer.status !== 201 && answer.status !== 200) throw new Error(`the upload answered ${answer.status}: ${answer.body.slice(0, 500)}`);
    const during = sampler.summary();
    const trace = sampler.trace();
    const rssBySent = [0.25, 0.5, 0.75, 1].map((sentShare) => ({
      sentShare,
      rss: Math.max(0, ...trace.filter((t) => t.progress <= sentShare + 1e-9).map((t) => t.rss)),
    }));
    return {
      uploadBytes: size,
      idleRss: idleSummary.meanRss,
      idlePeakRss: idleSummary.peakRss,
      uploadPeakRss: during.peakRss,
      growth: during.peakRss - idleSummary.meanRss,
      ratio: during.peakRss / idleSummary.meanRss,
      requestMs,
      throughputMBps: size / 2 ** 20 / (requestMs / 1000),
      status: answer.status,
      samples: during.samples,
      rssBySent,
      rssAfter: trace.at(-1)?.rss ?? 0,
    };
  } finally {
    await server.dispose();
  }
}

/** Bytes as MiB with one decimal. */
export function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
