// The workbench's benchmarks (issue 5) in real Chromium against the real server: `npm run bench` in tests/
// (or `node browser/bench/run.ts [--hours 3] [--collaborators 25]`). Each figure is printed beside a baseline
// measured in the same run (a one-sentence transcript, two collaborators); the targets never fail the run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiSession } from '../harness/ApiSession.ts';
import { launchBrowser } from '../harness/launchBrowser.ts';
import { longRecording } from '../harness/longRecording.ts';
import { renderWav, transcribe, upload } from '../harness/seed.ts';
import { startServer } from '../harness/startServer.ts';
import { signIn } from '../harness/workbench.ts';
import { benchCollaborators } from './collaborators.ts';
import { measureEditor } from './measureEditor.ts';

const { values } = parseArgs({ options: { hours: { type: 'string', default: '3' }, collaborators: { type: 'string', default: '25' } } });
const hours = Number(values.hours);
const clients = Number(values.collaborators);
process.setMaxListeners(4 * clients + 20); // every y-websocket provider listens for the process exit

const line = (label: string, value: string, target = '') => console.log(`  ${label.padEnd(58, '.')} ${value}${target ? `   (target ${target})` : ''}`);
console.log(`Verbatim workbench benchmarks: ${hours} h transcript, ${clients} collaborators; ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}`);

const server = await startServer();
const browser = await launchBrowser();
const results: Record<string, unknown> = { date: new Date().toISOString(), hours, clients, cores: availableParallelism(), loadAtStart: loadavg() };
try {
  const admin = await ApiSession.login(server.url, server.admin.email, server.admin.password);
  const { token } = await admin.call<{ token: string }>('POST', '/api/tokens', { name: 'bench' });
  const project = await admin.call<{ id: string }>('POST', '/api/projects', { name: 'Bench' });
  const dir = mkdtempSync(join(tmpdir(), 'verbatim-bench-'));
  const shortMedia = await upload(admin, project.id, renderWav(dir, 'short', 'the interview started at ten in the morning and we talked about the rent for an hour.'));
  const shortId = await transcribe(admin, project.id, shortMedia);
  console.log(`preparing the ${hours} h recording (espeak-ng + sox, cached) ...`);
  const t0 = Date.now();
  const longMedia = await upload(admin, project.id, longRecording(hours * 3600));
  const longId = await transcribe(admin, project.id, longMedia, 30 * 60_000);
  console.log(`  uploaded and transcribed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  console.log('\n1-2. Opening the transcript and typing in its middle (Chromium)');
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await signIn(page, server.url, server.admin.email, server.admin.password);
  const short = await measureEditor(page, { projectId: project.id, mediaId: shortMedia, transcriptId: shortId }, 40);
  const long = await measureEditor(page, { projectId: project.id, mediaId: longMedia, transcriptId: longId }, 80);
  line('words (baseline / long)', `${short.words} / ${long.words}`);
  line('time until interactive, baseline', `${short.interactiveMs} ms`);
  line('time until interactive, long', `${long.interactiveMs} ms (${(long.interactiveMs / short.interactiveMs).toFixed(1)}x baseline)`, '< 1500 ms');
  line('keystroke-to-paint p50 / p95 / p99, baseline', `${short.p50.toFixed(1)} / ${short.p95.toFixed(1)} / ${short.p99.toFixed(1)} ms`);
  line('keystroke-to-paint p50 / p95 / p99, long', `${long.p50.toFixed(1)} / ${long.p95.toFixed(1)} / ${long.p99.toFixed(1)} ms (p95 ${(long.p95 / short.p95).toFixed(1)}x baseline)`, 'p95 < 16 ms');
  line('JS heap, baseline / long', `${short.heapMB.toFixed(0)} / ${long.heapMB.toFixed(0)} MB`);
  // browser find (Ctrl+F's engine) still reaches words far down the long document
  const findable = await page.evaluate(() => {
    const editor = [...document.querySelectorAll('[data-testid="transcript-editor"]')].find((e) => (e as HTMLElement).offsetParent !== null)!;
    const spans = editor.querySelectorAll('span[data-word]');
    const last = spans[spans.length - 3]?.textContent ?? '';
    window.getSelection()?.removeAllRanges();
    window.scrollTo(0, 0);
    const found = (window as unknown as { find: (s: string, ...a: boolean[]) => boolean }).find(last, false, true, false, false, false, false);
    return { last, found };
  });
  line('browser find (window.find) of a word near the end', findable.found ? `found "${findable.last}"` : 'NOT FOUND', 'found');
  results['editor'] = { short, long, find: findable, targets: { interactiveMs: 1500, p95: 16 } };
  await page.close();

  console.log(`\n3. Remote-update latency through the real y-websocket endpoint (Node clients, one clock)`);
  const base = await benchCollaborators(server.url, token, shortId, 2, 5);
  const many = await benchCollaborators(server.url, token, shortId, clients, 10);
  line('2 collaborators p50 / p95 / p99', `${base.p50.toFixed(1)} / ${base.p95.toFixed(1)} / ${base.p99.toFixed(1)} ms (${base.samples} updates)`);
  line(`${clients} collaborators p50 / p95 / p99`, `${many.p50.toFixed(1)} / ${many.p95.toFixed(1)} / ${many.p99.toFixed(1)} ms (${many.samples} updates, max ${many.max.toFixed(0)} ms)`, 'p99 < 100 ms');
  results['collaborators'] = { base, many, target: { p99: 100 } };
} finally {
  await browser.close();
  await server.stop();
}
results['loadAtEnd'] = loadavg();
const out = join(import.meta.dirname, 'results.json');
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nresults written to ${out}`);
