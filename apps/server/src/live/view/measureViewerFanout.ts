// How many caption screens one server feeds: N viewers read a session's Server-Sent Events (in a worker thread, so
// the server's thread is measured alone) while captions are published at a talk's pace (a partial every 200 ms, a
// final every 2 s). Run: node apps/server/src/live/view/measureViewerFanout.ts [viewers] (default 1000). Prints one
// JSON line: delivery latency from publish to receipt (p50/p95 over every viewer and caption), the server thread's
// CPU per published caption, and the server thread's memory per open caption stream (heap and buffers, idle).
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createAdaptorServer } from '@hono/node-server';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { CaptionJson } from '@verbatim/core/api';
import { hashToken } from '../../auth/hashToken.ts';
import type { ServerConfig } from '../../config/ServerConfig.ts';
import type { AppDeps } from '../../http/AppDeps.ts';
import type { AppEnv } from '../../http/AppEnv.ts';
import { createServerContext } from '../../http/createServerContext.ts';
import { LiveHub } from '../LiveHub.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';
import { liveViewerRoutes } from './liveViewerRoutes.ts';

const viewers = Number(process.argv[2] ?? 1000);
const CAPTIONS = 100;
const dir = mkdtempSync(join(tmpdir(), 'vwb-measure-fanout-'));
const context = createServerContext({ dataDir: join(dir, 'data'), uploadLimitBytes: 1024 ** 3 } as ServerConfig, { logger: { info: () => {}, warn: () => {}, error: () => {} } });
const store = new LiveSessionStore(context.db);
const hub = new LiveHub(store);
const user = await context.accounts.createUser({ email: 'op@example.org', password: 'operator password 1', displayName: 'Op', isAdmin: false });
const session = store.create({ projectId: context.projects.createProject('Conference', user.id).id, title: 'Keynote', createdBy: user.id, model: { id: 'm', version: '1', sha256: 'ab'.repeat(32) }, sampleRate: 16000 });
const token = 'measure-fanout-token-0123456789abcdef';
store.setViewerToken(session.id, hashToken(token), Date.now());
const app = new OpenAPIHono<AppEnv>();
const routes = liveViewerRoutes({ ...context, liveHub: hub } as AppDeps, { maxStreamsPerAddress: viewers + 10, requestsPerMinute: viewers * 10, maxStreams: viewers + 10 });
app.route('/live/view', routes.view);
const server = createAdaptorServer({ fetch: app.fetch }) as Server;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live/view/${token}/events`;

// the viewers: each reads its stream and notes when each caption arrived (on the shared clock: timeOrigin + now)
const worker = new Worker(
  `
  const { parentPort, workerData } = require('node:worker_threads');
  const arrivals = [];
  let open = 0;
  async function view() {
    const response = await fetch(workerData.url);
    open += 1;
    if (open === workerData.viewers) parentPort.postMessage({ type: 'open' });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\\n\\n'); end >= 0; end = buffer.indexOf('\\n\\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block);
        if (block.startsWith('event: caption') && data) arrivals.push([JSON.parse(data[1]).startMs, performance.timeOrigin + performance.now()]);
        if (block.startsWith('event: ended')) return;
      }
    }
  }
  Promise.all(Array.from({ length: workerData.viewers }, view)).then(() => parentPort.postMessage({ type: 'done', arrivals }));
  `,
  { eval: true, workerData: { url, viewers } },
);
interface WorkerMessage {
  type: string;
  arrivals?: Array<[number, number]>;
}
const message = (type: string) => new Promise<WorkerMessage>((resolve) => worker.on('message', (m: WorkerMessage) => m.type === type && resolve(m)));
const memory = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const memoryBefore = memory();
await message('open');
const memoryPerViewer = (memory() - memoryBefore) / viewers;

const published = new Map<number, number>();
const words = Array.from({ length: 12 }, (_, w) => ({ text: `word${w}`, startMs: w * 300, endMs: w * 300 + 250, confidence: 0.9 }));
const cpu = process.threadCpuUsage();
for (let i = 0; i < CAPTIONS; i += 1) {
  // startMs numbers the caption, so arrivals can be matched to their publish time
  const final = i % 10 === 9;
  const caption: CaptionJson = { seq: Math.floor(i / 10), final, text: words.map((w) => w.text).join(' '), startMs: i, endMs: i + 3550, words };
  published.set(i, performance.timeOrigin + performance.now());
  hub.publish(session.id, { type: 'caption', caption });
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const used = process.threadCpuUsage(cpu);
const done = message('done');
hub.publish(session.id, { type: 'ended', transcriptId: null });
const { arrivals = [] } = await done;
const latencies = arrivals.map(([i, at]) => at - published.get(i)!).sort((a, b) => a - b);
const pct = (p: number) => +latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
console.log(JSON.stringify({
  viewers,
  captions: CAPTIONS,
  delivered: arrivals.length,
  expected: viewers * CAPTIONS,
  deliveryP50Ms: pct(0.5),
  deliveryP95Ms: pct(0.95),
  serverThreadCpuMsPerCaption: +((used.user + used.system) / 1000 / CAPTIONS).toFixed(2),
  serverThreadCpuShare: +((used.user + used.system) / 1000 / (CAPTIONS * 200)).toFixed(3),
  serverMemoryPerViewerKb: +(memoryPerViewer / 1024).toFixed(1),
}));
await worker.terminate();
server.closeAllConnections();
server.close();
context.dispose();
rmSync(dir, { recursive: true, force: true });
