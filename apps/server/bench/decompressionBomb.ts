// Benchmark 3: /healthz latency idle, while decompression bombs are uploaded (and refused), and while a legitimate
// long recording is uploaded and analysed, each against the idle baseline measured in the same run.
import { constantFlac } from '../src/media/constantFlac.ts';
import { startBenchServer, type BenchServer } from './benchServer.ts';
import { percentiles, type Percentiles } from './percentiles.ts';

/** Options of {@link measureBombLatency}. */
export interface BombOptions {
  bundle: string;
  /** Length of the idle and the bomb windows. */
  seconds: number;
  /** Length of the legitimate recording (hours). */
  longHours: number;
}

/** One window of /healthz polls. */
export interface HealthWindow {
  healthz: Percentiles;
  errors: number;
}

export interface BombResult {
  idle: HealthWindow;
  bombs: HealthWindow & {
    /** Bombs sent in the window, by kind, with how they were answered and how long the answers took (p50/max ms). */
    refused: { kind: string; bytes: number; count: number; statuses: Record<string, number>; answerMs: { p50: number; max: number } }[];
  };
  longUpload: HealthWindow & { bytes: number; audioSeconds: number; status: number; requestMs: number };
  /** Over idle: p50/p95/p99 of /healthz while bombs are refused and while the long upload is processed. */
  bombRatio: { p50: number; p95: number; p99: number };
  longRatio: { p50: number; p95: number; p99: number };
}

// polls /healthz one request at a time, 10 ms apart, until `until` settles
async function pollHealth(server: BenchServer, until: Promise<unknown>): Promise<HealthWindow> {
  let done = false;
  void until.finally(() => (done = true));
  const latencies: number[] = [];
  let errors = 0;
  while (!done) {
    const started = performance.now();
    try {
      const response = await fetch(`${server.url}/healthz`);
      await response.arrayBuffer();
      if (response.status !== 200) errors++;
    } catch {
      errors++;
    }
    latencies.push(performance.now() - started);
    await new Promise((wake) => setTimeout(wake, 10));
  }
  return { healthz: percentiles(latencies), errors };
}

async function upload(server: BenchServer, projectId: string, bytes: Uint8Array, name: string): Promise<{ status: number; body: string; ms: number }> {
  const form = new FormData();
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  const started = performance.now();
  const response = await fetch(`${server.url}/api/projects/${projectId}/media`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` }, body: form });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));
const ratio = (a: Percentiles, b: Percentiles) => ({ p50: a.p50 / b.p50, p95: a.p95 / b.p95, p99: a.p99 / b.p99 });

export async function measureBombLatency(options: BombOptions, log: (line: string) => void): Promise<BombResult> {
  // the server's defaults: --max-duration 6h, --max-expansion 1000
  const server = await startBenchServer(options.bundle, ['--workers', '1']);
  try {
    const project = (await (await server.call('POST', '/api/projects', { name: 'Bomb benchmark' })).json()) as { id: string };
    await sleep(500);
    const idle = await pollHealth(server, sleep(options.seconds * 1000));
    log(`  idle: ${idle.healthz.count} polls`);

    // a header stating 24 h (refused by its header), a header stating 1 s over 2 h of frames (stopped by the
    // expansion limit while decoding), and 2 h with no stated length (likewise), sent one after another
    const kinds = [
      { kind: '24 h stated (8 kHz)', bytes: constantFlac({ sampleRate: 8000, samples: 24 * 3600 * 8000 }) },
      { kind: '2 h held, 1 s stated', bytes: constantFlac({ sampleRate: 16000, samples: 2 * 3600 * 16000, declaredSamples: 16000 }) },
      { kind: '2 h held, none stated', bytes: constantFlac({ sampleRate: 16000, samples: 2 * 3600 * 16000, declaredSamples: 0 }) },
    ];
    const answers = kinds.map(() => ({ statuses: {} as Record<string, number>, ms: [] as number[] }));
    const deadline = performance.now() + options.seconds * 1000;
    const sending = (async () => {
      for (let i = 0; performance.now() < deadline; i = (i + 1) % kinds.length) {
        const answer = await upload(server, project.id, kinds[i]!.bytes, `bomb-${i}.flac`);
        const code = answer.status >= 400 ? `${answer.status} ${(JSON.parse(answer.body) as { error: { code: string } }).error.code}` : String(answer.status);
        answers[i]!.statuses[code] = (answers[i]!.statuses[code] ?? 0) + 1;
        answers[i]!.ms.push(answer.ms);
      }
    })();
    const bombWindow = await pollHealth(server, sending);
    await sending;
    const refused = kinds.map((k, i) => ({
      kind: k.kind,
      bytes: k.bytes.length,
      count: answers[i]!.ms.length,
      statuses: answers[i]!.statuses,
      answerMs: { p50: percentiles(answers[i]!.ms).p50, max: percentiles(answers[i]!.ms).max },
    }));

    // a legitimate long recording: frames of 4096 samples (expansion 585, under the limit), decoded in full
    const audioSeconds = options.longHours * 3600;
    const long = constantFlac({ sampleRate: 16000, samples: audioSeconds * 16000, blockSize: 4096, value: 2000 });
    let longAnswer: { status: number; body: string; ms: number } | undefined;
    const uploading = upload(server, project.id, long, 'long.flac').then((answer) => (longAnswer = answer));
    const longWindow = await pollHealth(server, uploading);
    await uploading;
    if (longAnswer!.status !== 201) throw new Error(`the long upload answered ${longAnswer!.status}: ${longAnswer!.body.slice(0, 300)}`);
    return {
      idle,
      bombs: { ...bombWindow, refused },
      longUpload: { ...longWindow, bytes: long.length, audioSeconds, status: longAnswer!.status, requestMs: longAnswer!.ms },
      bombRatio: ratio(bombWindow.healthz, idle.healthz),
      longRatio: ratio(longWindow.healthz, idle.healthz),
    };
  } finally {
    await server.dispose();
  }
}
