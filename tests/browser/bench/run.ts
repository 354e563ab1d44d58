// The workbench's benchmarks (issues 5, 17, 18) and the live captions' (issue 16, captions.ts) in real Chromium against the real server: `npm run bench` in tests/
// (or `node browser/bench/run.ts [--hours 3] [--collaborators 25] [--runs 3] [--peers all|none] [--peer-timeout 90]
// [--before <dir of another apps/web build>] [--only editor]`; --before adds that build as an arm of the editor figures,
// same server and document; --only editor stops after the editor figures).
// Every figure is min / median / max over `--runs` repetitions whose order alternates, each on a fresh page, beside a
// baseline measured in the same run (a one-sentence transcript; two collaborators) and beside BBC's two transcript
// editors on the same 3-hour transcript. The targets never fail the run. The headline is one `BENCH {...}` line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { TranscriptJson } from '@verbatim/core';
import { alternate, formatSpread, machineLoad, MIN_RUNS, ratioSpread, spreadOf, type Spread } from '../../bench/alternatingRuns.ts';
import { ApiSession } from '../harness/ApiSession.ts';
import { ARTIFACTS, launchBrowser } from '../harness/launchBrowser.ts';
import { longRecording } from '../harness/longRecording.ts';
import { renderWav, transcribe, upload } from '../harness/seed.ts';
import { createAccount } from '../harness/seedProject.ts';
import { startServer } from '../harness/startServer.ts';
import { benchCollaborators, type CollaboratorFigures } from './collaborators.ts';
import { measureEditor, type EditorFigures } from './measureEditor.ts';
import { measureProbeFloor, type ProbeFloor } from './measureProbeFloor.ts';
import { benchCaptions, CAPTION_TARGETS } from './captions.ts';
import { buildPeerPages, PEERS, peerSlug, type PeerName } from './peers/buildPeerPages.ts';
import { dpeOfTranscript } from './peers/dpeOfTranscript.ts';
import { measurePeer, type Outcome, type PeerOutcome } from './peers/measurePeer.ts';
import { servePeerPages } from './peers/servePeerPages.ts';
import { measureSync } from './syncSize.ts';

const { values } = parseArgs({
  options: {
    hours: { type: 'string', default: '3' },
    collaborators: { type: 'string', default: '25' },
    runs: { type: 'string', default: String(MIN_RUNS) },
    peers: { type: 'string', default: 'all' },
    'peer-timeout': { type: 'string', default: '90' },
    before: { type: 'string' },
    only: { type: 'string' },
  },
});
const hours = Number(values.hours);
const clients = Number(values.collaborators);
const runs = Number(values.runs);
const peerTimeoutMs = Number(values['peer-timeout']) * 1000;
const peers: PeerName[] = values.peers === 'none' ? [] : (Object.keys(PEERS) as PeerName[]);
const beforeDir = values.before;
const editorOnly = values.only === 'editor';
process.setMaxListeners(4 * clients + 20); // every y-websocket provider listens for the process exit

const line = (label: string, value: string, target = '') => console.log(`  ${label.padEnd(62, '.')} ${value}${target ? `   (target ${target})` : ''}`);
const ms = (n: number) => n.toFixed(0);
const ms1 = (n: number) => n.toFixed(1);
console.log(`Verbatim workbench benchmarks: ${hours} h transcript, ${clients} collaborators, ${runs} runs per figure; ${machineLoad()}`);

const server = await startServer();
const browser = await launchBrowser();
const results: Record<string, unknown> = { date: new Date().toISOString(), hours, clients, runs, loadAtStart: machineLoad() };
const pagesDir = mkdtempSync(join(tmpdir(), 'verbatim-bench-peers-'));
let headline: Record<string, number | null> = {};
const benchmarks = async () => {
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
  const short = { server, ids: { projectId: project.id, mediaId: shortMedia, transcriptId: shortId } };
  const long = { server, ids: { projectId: project.id, mediaId: longMedia, transcriptId: longId } };

  // the peers read the same transcript's words, from the server's JSON export, in their own input format
  const exported = await admin.call<TranscriptJson>('GET', `/api/transcripts/${longId}/export?format=json`);
  await buildPeerPages(pagesDir);
  const pages = await servePeerPages(pagesDir, { '/long.json': JSON.stringify(dpeOfTranscript(exported)) });

  console.log(`\n1-2. Open -> interactive, typing in the middle, heap: Chromium, fresh page per run, runs in rotating order`);
  const timedOut = new Set<PeerName>();
  const peerArm = (peer: PeerName) => async (): Promise<PeerOutcome> => {
    if (timedOut.has(peer)) return { ok: false, stage: 'skipped', error: 'not repeated after a timeout', afterMs: 0 };
    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshotOnFailure = join(ARTIFACTS, `bench-${peerSlug(peer)}-failed.png`);
    const outcome = await measurePeer(browser, { pageUrl: `${pages.url}/${peerSlug(peer)}/`, transcriptUrl: `${pages.url}/long.json`, timeoutMs: peerTimeoutMs, screenshotOnFailure });
    // a peer that cannot even open the transcript in time is not made to fail that way again
    if (!outcome.ok && outcome.stage === 'opening the transcript' && outcome.error.startsWith('no result within')) timedOut.add(peer);
    return outcome;
  };
  // Verbatim's failures are reported like a peer's (the other figures still come), and fail the run at the end
  const attempt = (measure: () => Promise<EditorFigures>) => async (): Promise<Outcome<EditorFigures>> => {
    const started = Date.now();
    try {
      return { ok: true, figures: await measure() };
    } catch (e) {
      return { ok: false, stage: 'measuring', error: (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300), afterMs: Date.now() - started };
    }
  };
  const arms: Record<string, () => Promise<Outcome<EditorFigures> | PeerOutcome>> = {
    Verbatim: attempt(() => measureEditor(browser, long, 80, { find: true })),
    baseline: attempt(() => measureEditor(browser, short, 40)),
  };
  if (beforeDir) arms['Verbatim before'] = attempt(() => measureEditor(browser, long, 80, { find: true, webDir: beforeDir }));
  for (const peer of peers) arms[peer] = peerArm(peer);
  const { results: editorRuns, orders } = await alternate(runs, arms);
  await pages.close();
  const mineRuns = editorRuns['Verbatim'] as Outcome<EditorFigures>[];
  const baseRuns = editorRuns['baseline'] as Outcome<EditorFigures>[];
  const okOf = <T>(outcomes: Outcome<T>[]): T[] => outcomes.flatMap((o) => (o.ok ? [o.figures] : []));
  const mine = okOf(mineRuns);
  const peerRuns = Object.fromEntries(peers.map((p) => [p, editorRuns[p] as PeerOutcome[]])) as Record<PeerName, PeerOutcome[]>;
  console.log(`  orders: ${orders.map((o) => o.join(' > ')).join('; ')}`);
  line(`words (baseline / ${hours} h)`, `${okOf(baseRuns)[0]?.words ?? '?'} / ${mine[0]?.words ?? '?'}`);

  type Shared = 'interactiveMs' | 'p50' | 'p95' | 'p99' | 'heapMB';
  const failuresOf = (outcomes: Outcome<unknown>[]) => {
    const failed = outcomes.filter((o): o is Extract<Outcome<unknown>, { ok: false }> => !o.ok);
    return failed.length === 0 ? '' : `${failed.length} of ${outcomes.length} runs failed (${[...new Set(failed.map((f) => `${f.stage}: ${f.error}`))].join(' | ')})`;
  };
  /** One row per arm: min / median / max of its successful runs, and what stopped the others. */
  const row = (label: string, outcomes: Outcome<Record<Shared, number>>[], key: Shared, format: (n: number) => string, target = ''): Spread | undefined => {
    const ok = okOf(outcomes).map((f) => f[key]);
    const failures = failuresOf(outcomes);
    line(label, ok.length === 0 ? `no figure; ${failures}` : `${formatSpread(spreadOf(ok), format)}${failures ? `; ${failures}` : ''}`, target);
    return ok.length === 0 ? undefined : spreadOf(ok);
  };
  const figure = (title: string, key: Shared, format: (n: number) => string, unit: string, target = '') => {
    console.log(`  ${title} (min / median / max ${unit})`);
    const spreads: Record<string, Spread | undefined> = {};
    spreads['baseline'] = row('    Verbatim, baseline', baseRuns, key, format);
    const ours = (spreads['verbatim'] = row(`    Verbatim, ${hours} h`, mineRuns, key, format, target));
    const paired = mineRuns.flatMap((m, i) => (m.ok && baseRuns[i]?.ok ? [[m.figures[key], baseRuns[i].figures[key]] as const] : []));
    if (paired.length > 0) line(`    Verbatim ${hours} h ÷ baseline (per run)`, `${formatSpread(ratioSpread(paired.map((p) => p[0]), paired.map((p) => p[1])))}x`);
    if (beforeDir) {
      const before = (spreads['before'] = row(`    Verbatim before (${beforeDir}), ${hours} h`, editorRuns['Verbatim before'] as Outcome<EditorFigures>[], key, format));
      if (ours && before) line(`    Verbatim ÷ before (medians)`, `${(ours.median / before.median).toFixed(2)}x`);
    }
    for (const peer of peers) {
      const theirs = (spreads[peer] = row(`    ${peer}, ${hours} h`, peerRuns[peer], key, format));
      if (ours && theirs) line(`    Verbatim ÷ ${peer} (medians; > 1: Verbatim more)`, `${(ours.median / theirs.median).toFixed(2)}x`);
    }
    return spreads;
  };
  const editor: Record<string, unknown> = {};
  editor['interactiveMs'] = figure('open -> interactive (typed character painted)', 'interactiveMs', ms, 'ms', '< 1500 ms');
  editor['p50'] = figure('keystroke-to-paint p50', 'p50', ms1, 'ms');
  editor['p95'] = figure('keystroke-to-paint p95', 'p95', ms1, 'ms', 'p95 < 16 ms');
  editor['p99'] = figure('keystroke-to-paint p99', 'p99', ms1, 'ms');
  // what the probe reads with no editor at all: the floor under every keystroke figure above
  const floors: ProbeFloor[] = [];
  for (let run = 0; run < runs; run++) floors.push(await measureProbeFloor(browser, 80));
  const floor = { p50: spreadOf(floors.map((f) => f.p50)), p95: spreadOf(floors.map((f) => f.p95)), p99: spreadOf(floors.map((f) => f.p99)) };
  line('keystroke-to-paint on a bare contenteditable, no script: p50 / p95 / p99 (medians)', `${ms1(floor.p50.median)} / ${ms1(floor.p95.median)} / ${ms1(floor.p99.median)} ms (the probe's floor here)`);
  editor['probeFloor'] = floor;
  editor['heapMB'] = figure('JS heap after GC', 'heapMB', ms, 'MB', '< 150 MB');
  const syncBytes = mine.length === 0 ? undefined : spreadOf(mine.map((f) => f.syncBytes));
  line(`sync received by the page on /yjs until interactive, ${hours} h`, syncBytes ? `${formatSpread(syncBytes, (n) => `${(n / 1e6).toFixed(2)} MB`)} (${mine[0]!.syncFrames} frames, as decoded)` : 'no figure', '< 1.5 MB');
  const finds = mine.map((f) => f.find?.found === true);
  line('browser find (window.find) of a word near the end', `${finds.filter(Boolean).length} of ${finds.length} runs found "${mine[0]?.find?.last ?? ''}"`, 'found');
  for (const peer of peers) {
    const ok = okOf(peerRuns[peer]);
    line(`${peer}: page load (its bundle; not in the figures above)`, ok.length > 0 ? `${formatSpread(spreadOf(ok.map((f) => f.loadMs)), ms)} ms; clicks until the first character showed: ${ok.map((f) => f.attempts).join(', ')}` : 'no figure');
  }
  results['editor'] = { orders, figures: editor, verbatim: mineRuns, baseline: baseRuns, ...(beforeDir && { before: { webDir: beforeDir, runs: editorRuns['Verbatim before'] } }), peers: peerRuns, targets: { interactiveMs: 1500, p95: 16, heapMB: 150, syncBytes: 1_500_000 } };
  const median = (key: 'interactiveMs' | 'p95' | 'heapMB' | 'syncBytes', digits = 0) => (mine.length === 0 ? null : Number(spreadOf(mine.map((f) => f[key])).median.toFixed(digits)));
  headline = { interactiveMs: median('interactiveMs'), keystrokeP95Ms: median('p95', 1), heapMB: median('heapMB'), syncBytes: median('syncBytes'), floorKeystrokeP95Ms: Number(floor.p95.median.toFixed(1)) };
  if (beforeDir) {
    const before = okOf(editorRuns['Verbatim before'] as Outcome<EditorFigures>[]);
    if (before.length > 0) Object.assign(headline, { beforeInteractiveMs: Math.round(spreadOf(before.map((f) => f.interactiveMs)).median), beforeKeystrokeP95Ms: Number(spreadOf(before.map((f) => f.p95)).median.toFixed(1)), beforeHeapMB: Math.round(spreadOf(before.map((f) => f.heapMB)).median) });
  }
  if (mine.length < runs) process.exitCode = 1;
  for (const peer of peers) {
    const ok = okOf(peerRuns[peer]);
    if (ok.length > 0) headline[`${peerSlug(peer).replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}InteractiveMs`] = Math.round(spreadOf(ok.map((f) => f.interactiveMs)).median);
  }
  headline['runs'] = runs;
  if (editorOnly) return;

  console.log(`\n3. Initial sync size (a Node client of the real /yjs endpoint, empty document)`);
  const syncLong = await measureSync(server.url, token, longId);
  const syncShort = await measureSync(server.url, token, shortId);
  line(`document update, ${hours} h (baseline)`, `${syncLong.updateBytes} bytes (${syncShort.updateBytes})`);
  line(`messages until synced, ${hours} h (baseline)`, `${syncLong.messageBytes} bytes (${syncShort.messageBytes})`);
  line(`on the wire, ${syncLong.compressed ? 'permessage-deflate' : 'uncompressed'}, ${hours} h (baseline)`, `${syncLong.wireBytes} bytes (${syncShort.wireBytes}), ${(syncLong.wireBytes / syncLong.messageBytes).toFixed(2)}x the messages`);
  results['sync'] = { long: syncLong, short: syncShort };

  console.log(`\n4. Server relay latency between ${clients} Node clients through the real y-websocket endpoint (no browser paint), runs in rotating order`);
  // one account per collaborator, editors of the project (the server caps each account's connections)
  const tokens: string[] = [];
  for (let i = 0; i < clients; i++) {
    const account = await createAccount(admin, `collaborator${i}`);
    await admin.call('PUT', `/api/projects/${project.id}/members/${account.id}`, { role: 'editor' });
    const session = await ApiSession.login(server.url, account.email, account.password);
    tokens.push((await session.call<{ token: string }>('POST', '/api/tokens', { name: 'bench' })).token);
  }
  const relay = await alternate(runs, {
    two: () => benchCollaborators(server.url, tokens, shortId, 2, 5),
    many: () => benchCollaborators(server.url, tokens, shortId, clients, 10),
  });
  const relayRow = (label: string, r: CollaboratorFigures[], target = '') => {
    for (const q of ['p50', 'p95', 'p99'] as const) line(`${label} ${q} (min / median / max ms)`, formatSpread(spreadOf(r.map((f) => f[q])), ms1), q === 'p99' ? target : '');
    line(`${label} updates relayed per run`, r.map((f) => f.samples).join(', '));
  };
  relayRow('2 clients', relay.results.two);
  relayRow(`${clients} clients`, relay.results.many, 'p99 < 100 ms');
  results['relayLatency'] = { orders: relay.orders, two: relay.results.two, many: relay.results.many, target: { p99: 100 } };

  console.log(`\n5. Live captions (issue 16): a Node audio source, the operator page in Chromium with a fake microphone, sessions at once beside batch transcription`);
  const captions = await benchCaptions({ server, admin, projectId: project.id, line });
  results['captions'] = { ...captions.results, targets: CAPTION_TARGETS };

  Object.assign(headline, { syncWireBytes: syncLong.wireBytes, ...captions.headline });
};
try {
  await benchmarks();
} finally {
  await browser.close();
  await server.stop();
  rmSync(pagesDir, { recursive: true, force: true });
}
results['headline'] = headline;
results['loadAtEnd'] = machineLoad();
const out = join(import.meta.dirname, 'results.json');
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nresults written to ${out}`);
console.log(`BENCH ${JSON.stringify(headline)}`);
