// The live-caption section of `npm run bench` (issue 16), against the real server and its bundled model:
//  a. one session streamed at real time by a Node client (the `ws` package) on an otherwise idle server: per-word
//     latency, the server's CPU time per audio second, and the final captions' WER beside offline greedy decoding of
//     the same audio (`transcribeSamples`, the bundled model);
//  b. the operator page in real Chromium with a fake microphone playing the same talk (`--use-file-for-fake-audio-capture`):
//     per word, first shown as partial / as final minus the page's send time of its last sample (`window.__verbatimLive`);
//  c. how many sessions streamed at once (Node clients) keep partial p95 under 1 s while batch transcriptions run.
// Also runnable alone: `npm run bench:captions -- [--parts node,browser,concurrent] [--max-sessions 8] [--concurrent-seconds 30]`
// in tests/ (prints its own BENCH line).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAcousticModel, loadModelBundle } from '@verbatim/asr/node';
import { transcribeSamples } from '@verbatim/asr';
import { wordErrorRate } from '@verbatim/core';
import type { CaptionJson, LiveSessionJson, LiveViewerLinkJson } from '@verbatim/core/api';
import { machineLoad } from '../../bench/alternatingRuns.ts';
import { ApiSession } from '../harness/ApiSession.ts';
import type { Browser, Page } from 'playwright-core';
import { fakeMicrophoneArgs, launchBrowser, screenshot } from '../harness/launchBrowser.ts';
import { longRecording } from '../harness/longRecording.ts';
import { transcribe, upload } from '../harness/seed.ts';
import { REPO, startServer, type RunningServer } from '../harness/startServer.ts';
import { signIn } from '../harness/workbench.ts';
import { finalText, summarize, sustainedSessions, wordLatencies, type LatencySummary, type ShownCaption } from './captionLatency.ts';
import { type CaptionResultsFile, mergeCaptionResults } from './mergeCaptionResults.ts';
import { streamLiveSession, type StreamedSession } from './streamLiveSession.ts';
import { talkRecording, type TalkRecording } from './talkRecording.ts';

/** The issue's targets (they never fail the run). */
export const CAPTION_TARGETS = Object.freeze({ partialP95Ms: 1000, finalP95Ms: 2500, werRatio: 1.15 });

/** The caption section's headline, merged into the bench's `BENCH {...}` line. */
export interface CaptionHeadline {
  captionPartialP95Ms: number | null;
  captionFinalP95Ms: number | null;
  finalWerRatio: number | null;
  cpuPerSession: number | null;
  concurrentSessions: number | null;
}

/** What {@link benchCaptions} needs: a running server, an administrator, a project of theirs. */
export interface CaptionBenchContext {
  server: RunningServer;
  admin: ApiSession;
  projectId: string;
  /** Prints one figure (`label ..... value (target …)`). */
  line: (label: string, value: string, target?: string) => void;
  /** The most concurrent sessions tried (default 8). */
  maxSessions?: number;
  /** Audio of each concurrent session, in seconds (default 30). */
  concurrentSeconds?: number;
  /** The parts to run (default all three). */
  parts?: ReadonlySet<CaptionBenchPart>;
}

/** The three parts: a Node source, the operator page in Chromium, sessions at once beside batch transcription. */
export type CaptionBenchPart = 'node' | 'browser' | 'concurrent';

const BUNDLE = join(REPO, 'models', 'verbatim-en-char-v1');
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : 'n/a');
const pct = (n: number) => `${(100 * n).toFixed(1)}%`;
const latencyLine = (s: LatencySummary) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)} (${s.n} words)`;

/**
 * Runs the three parts; a part that fails is reported, leaves its figures null and fails the process at the end; the
 * others still run. The headline's latencies are the operator page's (Chromium), as the issue asks.
 */
export async function benchCaptions(ctx: CaptionBenchContext): Promise<{ headline: CaptionHeadline; results: Record<string, unknown> }> {
  const { server, admin, projectId, line } = ctx;
  const { token } = await admin.call<{ token: string }>('POST', '/api/tokens', { name: 'caption bench', scope: 'transcribe' });
  const probe = await createSession(admin, projectId, 'Caption bench: probe');
  const talk = talkRecording(probe.sampleRate);
  await stopSession(admin, probe.id);
  const headline: CaptionHeadline = { captionPartialP95Ms: null, captionFinalP95Ms: null, finalWerRatio: null, cpuPerSession: null, concurrentSessions: null };
  const results: Record<string, unknown> = { talkSeconds: talk.seconds, model: probe.model, loadAtStart: machineLoad() };
  console.log(`  the talk: ${talk.seconds.toFixed(1)} s, ${talk.text.split(' ').length} words (espeak-ng en-us), model ${probe.model.id} ${probe.model.version}; ${machineLoad()}`);

  const part = async <T>(name: CaptionBenchPart, run: () => Promise<T>): Promise<T | undefined> => {
    if (ctx.parts !== undefined && !ctx.parts.has(name)) return undefined;
    try {
      return await run();
    } catch (e) {
      const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
      line(`${name}: FAILED`, message);
      results[`${name}Error`] = message;
      process.exitCode = 1; // as a failed measurement of the editor fails the bench (a missed target does not)
      return undefined;
    }
  };

  console.log('  a. one session from a Node client, idle server');
  const single = await part('node', async () => {
    const session = await createSession(admin, projectId, 'Caption bench: one Node session');
    const before = processCpuMs(server.child.pid!);
    const streamed = await streamLiveSession({ url: server.url, sessionId: session.id, token, pcm: talk.pcm, sampleRate: talk.sampleRate });
    const cpuMs = processCpuMs(server.child.pid!) - before;
    await stopSession(admin, session.id);
    if (!streamed.captions.some((c) => c.caption.final)) {
      const said = server.output().split('\n').filter((l) => /live|caption/i.test(l)).slice(-3).join(' | ');
      throw new Error(`no final caption came for ${streamed.seconds.toFixed(1)} s of speech (${streamed.captions.length} partials; warnings: ${streamed.warnings.join('; ') || 'none'}; the server said: ${said || 'nothing about it'})`);
    }
    const latencies = wordLatencies(streamed.captions, streamed.sentAt, talk.sampleRate);
    const partial = summarize(latencies.map((l) => l.partialMs));
    const final = summarize(latencies.map((l) => l.finalMs));
    const live = wordErrorRate([talk.text], [finalText(streamed.captions)]);
    const greedy = await offlineGreedy(talk);
    const greedyWer = wordErrorRate([talk.text], [greedy]);
    const ratio = greedyWer.rate === 0 ? (live.rate === 0 ? 1 : Number.POSITIVE_INFINITY) : live.rate / greedyWer.rate;
    const cpuPerSession = cpuMs / 1000 / streamed.seconds;
    line('    partial latency', latencyLine(partial), `p95 < ${CAPTION_TARGETS.partialP95Ms} ms`);
    line('    final latency', latencyLine(final), `p95 < ${CAPTION_TARGETS.finalP95Ms} ms`);
    line('    final captions WER / offline greedy WER', `${pct(live.rate)} / ${pct(greedyWer.rate)} = ${ratio.toFixed(2)}x`, `<= ${CAPTION_TARGETS.werRatio}x`);
    line('    server CPU per session (CPU s per audio s = cores)', `${cpuPerSession.toFixed(3)} (${(cpuMs / 1000).toFixed(1)} CPU s for ${streamed.seconds.toFixed(1)} s)`, 'well under 1');
    if (streamed.warnings.length > 0) line('    warnings', streamed.warnings.join('; '));
    return { partial, final, live, greedyWer, ratio, cpuPerSession, finals: finalText(streamed.captions), greedy, warnings: streamed.warnings };
  });
  results['node'] = single;
  if (single) {
    headline.finalWerRatio = round(single.ratio, 3);
    headline.cpuPerSession = round(single.cpuPerSession, 3);
  }

  console.log('  b. the operator page in Chromium, fake microphone playing the talk once');
  const page = await part('browser', () => operatorPage(ctx, talk));
  results['browser'] = page;
  if (page) {
    line('    partial latency (first shown - sent)', latencyLine(page.partial), `p95 < ${CAPTION_TARGETS.partialP95Ms} ms`);
    line('    final latency', latencyLine(page.final), `p95 < ${CAPTION_TARGETS.finalP95Ms} ms`);
    line('    final latency on the viewer link\'s caption screen (SSE)', latencyLine(page.screenFinal));
    line('    caption screen after the operator page, per final', `p50 ${ms(page.screenDelay.p50)}, p95 ${ms(page.screenDelay.p95)} (${page.screenDelay.n} finals)`);
    line('    final captions WER (what the microphone caught)', pct(page.wer.rate));
    headline.captionPartialP95Ms = round(page.partial.p95, 0);
    headline.captionFinalP95Ms = round(page.final.p95, 0);
  }

  console.log(`  c. concurrent sessions (Node clients, ${ctx.concurrentSeconds ?? 30} s each) while batch transcriptions run`);
  const concurrent = await part('concurrent', () => concurrentSessions(ctx, token, talk));
  results['concurrent'] = concurrent;
  if (concurrent) headline.concurrentSessions = concurrent.sustained;
  results['loadAtEnd'] = machineLoad();
  return { headline, results };
}

/** Creates a live session through the API. */
async function createSession(admin: ApiSession, projectId: string, title: string): Promise<LiveSessionJson> {
  return admin.call<LiveSessionJson>('POST', `/api/projects/${projectId}/live-sessions`, { title });
}

async function stopSession(admin: ApiSession, id: string): Promise<void> {
  await admin.call('POST', `/api/live-sessions/${id}/stop`, {});
}

/** User + system CPU time of a process so far, in ms (/proc; every thread of it, worker threads included). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields from the state on: utime and stime are the 12th and 13th (0-based 11, 12), in clock ticks
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

let ticks: number | undefined;
function clockTicks(): number {
  ticks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticks;
}

/** The talk decoded offline, greedily, with the bundled model: the baseline the finals' WER is compared with. */
async function offlineGreedy(talk: TalkRecording): Promise<string> {
  const bundle = await loadModelBundle(BUNDLE);
  const model = await loadAcousticModel(bundle);
  try {
    const samples = Float32Array.from(talk.pcm, (s) => s / 32768);
    const { words } = await transcribeSamples(samples, bundle, model, { decoder: 'greedy' });
    return words.map((w) => w.text).join(' ');
  } finally {
    await model.dispose();
  }
}

/** Part b: sign in, start a session on the operator page with the fake microphone, let the talk play, read the probe. */
async function operatorPage(ctx: CaptionBenchContext, talk: TalkRecording) {
  const browser = await launchBrowser(fakeMicrophoneArgs(talk.wav, { loop: false }));
  try {
    const context = await browser.newContext({ viewport: { width: 1300, height: 800 }, permissions: ['microphone'] });
    const page = await context.newPage();
    try {
      return await measureOperatorPage(ctx, talk, browser, page);
    } catch (e) {
      await screenshot(page, 'bench-captions-operator-failed').catch(() => {});
      throw e;
    }
  } finally {
    await browser.close();
  }
}

async function measureOperatorPage(ctx: CaptionBenchContext, talk: TalkRecording, browser: Browser, page: Page) {
  await signIn(page, ctx.server.url, ctx.server.admin.email, ctx.server.admin.password);
  await page.getByTestId('activity-live').click();
  await page.getByTestId('live-start-open').click();
  await page.getByTestId('live-title').fill('Caption bench: operator page');
  await page.getByTestId('live-start-submit').click();
  await page.getByTestId('live-operator').waitFor({ timeout: 30_000 });
  // the page captures at once after Start; should it wait for Start Capturing instead, that is pressed
  const live = page.locator('[data-testid="live-state"][data-state="live"]');
  await live.or(page.getByTestId('live-capture')).first().waitFor({ timeout: 30_000 });
  if (await page.getByTestId('live-capture').isVisible()) await page.getByTestId('live-capture').click();
  await live.waitFor({ timeout: 30_000 });
  // the audience's screen: the viewer link on a page of its own notes when each final line first appears
  const sessionId = (await page.getByTestId('live-operator').getAttribute('data-session-id'))!;
  const link = await ctx.admin.call<LiveViewerLinkJson>('POST', `/api/live-sessions/${sessionId}/viewer-link`);
  const viewer = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await viewer.addInitScript(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { __finalSeen: Record<string, number> }).__finalSeen = seen;
    new MutationObserver(() => {
      for (const line of document.querySelectorAll('[data-testid="caption-line"][data-final="true"]')) {
        const seq = line.getAttribute('data-seq') ?? '';
        seen[seq] ??= performance.timeOrigin + performance.now();
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await viewer.goto(link.url);
  await viewer.locator('[data-testid="captions-state"][data-state="waiting"], [data-testid="captions-state"][data-state="live"]').waitFor();
  // finals made before the screen followed the stream came with the session's recent ones: not counted
  const viewerFollowing = await viewer.evaluate(() => performance.timeOrigin + performance.now());
  // the fake microphone plays the talk once from when the page opened it (Start Capturing); then silence lets the last final out
  await page.waitForFunction(() => (window.__verbatimLive?.captions.length ?? 0) > 0, undefined, { timeout: 60_000 });
  await page.waitForTimeout((talk.seconds + 6) * 1000);
  const shown = await page.evaluate(() =>
    (window.__verbatimLive?.captions ?? []).map((c) => ({ caption: { seq: c.seq, final: c.final, text: c.text, startMs: 0, endMs: 0, words: c.words }, at: c.shownAt })),
  );
  const needed = [...new Set(shown.flatMap((s) => s.caption.words.map((w) => Math.max(0, Math.ceil((w.endMs * talk.sampleRate) / 1000) - 1))))];
  const sent = await page.evaluate((samples) => samples.map((s) => window.__verbatimLive?.sentAt(s) ?? Number.NaN), needed);
  const sentAt = new Map(needed.map((s, i) => [s, sent[i]!] as const));
  const latencies = wordLatencies(shown as ShownCaption[], (s) => sentAt.get(s) ?? Number.NaN, talk.sampleRate);
  // the viewer's times on the operator page's clock (both pages' clocks start at their timeOrigin)
  const operatorOrigin = await page.evaluate(() => performance.timeOrigin);
  const finalSeen = await viewer.evaluate(() => (window as unknown as { __finalSeen: Record<string, number> }).__finalSeen);
  const followedFrom = viewerFollowing - operatorOrigin;
  const onScreen = shown.flatMap((s) =>
    s.caption.final && s.at > followedFrom && finalSeen[String(s.caption.seq)] !== undefined ? [{ caption: s.caption, at: finalSeen[String(s.caption.seq)]! - operatorOrigin }] : [],
  );
  const screenLatencies = wordLatencies(onScreen as ShownCaption[], (s) => sentAt.get(s) ?? Number.NaN, talk.sampleRate);
  const operatorFinalAt = new Map(shown.filter((s) => s.caption.final).map((s) => [s.caption.seq, s.at] as const));
  const screenDelay = onScreen.map((s) => s.at - (operatorFinalAt.get(s.caption.seq) ?? Number.NaN)).filter(Number.isFinite);
  await page.getByTestId('live-stop').click();
  return {
    partial: summarize(latencies.map((l) => l.partialMs)),
    final: summarize(latencies.map((l) => l.finalMs)),
    screenFinal: summarize(screenLatencies.map((l) => l.finalMs)),
    screenDelay: summarize(screenDelay),
    wer: wordErrorRate([talk.text], [finalText(shown as ShownCaption[])]),
    finals: finalText(shown as ShownCaption[]),
  };
}

declare global {
  interface Window {
    __verbatimLive?: { sentAt(sample: number): number; captions: { seq: number; final: boolean; text: string; words: CaptionJson['words']; shownAt: number }[] };
  }
}

/** Part c: growing numbers of sessions at once, each streaming the talk's start, while the server transcribes in batch. */
async function concurrentSessions(ctx: CaptionBenchContext, token: string, talk: TalkRecording) {
  const { admin, projectId, server, line } = ctx;
  const max = ctx.maxSessions ?? 8;
  const pcm = talk.pcm.subarray(0, Math.min(talk.pcm.length, Math.round((ctx.concurrentSeconds ?? 30) * talk.sampleRate)));
  const media = await upload(admin, projectId, longRecording(600));
  let batching = true;
  let batches = 0;
  const batch = (async () => {
    while (batching) {
      await transcribe(admin, projectId, media, 30 * 60_000);
      batches++;
    }
  })();
  const steps: { sessions: number; ok: boolean; partial: LatencySummary; final: LatencySummary; failures: string[]; batchRunning: boolean; load: string }[] = [];
  try {
    for (const n of [1, 2, 3, 4, 5, 6, 8, 10, 12, 16].filter((k) => k <= max)) {
      await waitForRunningJob(admin, projectId);
      const sessions = await Promise.all(Array.from({ length: n }, (_, i) => createSession(admin, projectId, `Caption bench: ${n} at once, #${i + 1}`)));
      const outcomes = await Promise.allSettled(
        sessions.map(async (s, i) => {
          await new Promise((resolve) => setTimeout(resolve, (i * 100) / n)); // not all frames in the same tick
          return streamLiveSession({ url: server.url, sessionId: s.id, token, pcm, sampleRate: talk.sampleRate, timeoutMs: 120_000 });
        }),
      );
      const batchRunning = await hasRunningJob(admin, projectId);
      for (const s of sessions) await stopSession(admin, s.id).catch(() => {});
      const streamed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason instanceof Error ? o.reason.message : o.reason)] : []));
      const latencies = streamed.flatMap((s: StreamedSession) => wordLatencies(s.captions, s.sentAt, talk.sampleRate));
      const partial = summarize(latencies.map((l) => l.partialMs));
      const final = summarize(latencies.map((l) => l.finalMs));
      const ok = failures.length === 0 && partial.n > 0 && partial.p95 < CAPTION_TARGETS.partialP95Ms;
      const load = machineLoad();
      steps.push({ sessions: n, ok, partial, final, failures, batchRunning, load });
      line(
        `    ${n} session${n === 1 ? '' : 's'} at once`,
        `partial ${latencyLine(partial)}; final p95 ${ms(final.p95)}${failures.length ? `; ${failures.length} failed: ${failures[0]}` : ''}${batchRunning ? '' : '; batch had finished'}; ${load.replace(' on 2 cores', '')}`,
        ok ? '' : 'partial p95 < 1000 ms: missed',
      );
      if (!ok) break;
    }
  } finally {
    batching = false;
    await batch.catch(() => {});
  }
  const sustained = sustainedSessions(steps);
  line('    sessions that keep partial p95 < 1 s during batch transcription', `${sustained}${sustained === max ? ` (the most tried)` : ''}; ${batches} batch transcriptions of 10 min ran meanwhile`);
  return { steps, sustained, batches, machine: machineLoad() };
}

async function hasRunningJob(admin: ApiSession, projectId: string): Promise<boolean> {
  const { jobs } = await admin.call<{ jobs: { state: string }[] }>('GET', `/api/projects/${projectId}/jobs?state=running&limit=1`);
  return jobs.length > 0;
}

/** Waits (at most 60 s) until a batch job is running, so each step is measured beside one. */
async function waitForRunningJob(admin: ApiSession, projectId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await hasRunningJob(admin, projectId)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
}

function round(n: number, digits: number): number | null {
  return Number.isFinite(n) ? Number(n.toFixed(digits)) : null;
}

// alone: `node browser/bench/captions.ts`
if (import.meta.main) {
  const { values } = parseArgs({
    options: { 'max-sessions': { type: 'string', default: '8' }, 'concurrent-seconds': { type: 'string', default: '30' }, parts: { type: 'string', default: 'node,browser,concurrent' } },
  });
  const parts = new Set(values.parts.split(',').map((p) => p.trim())) as Set<CaptionBenchPart>;
  const line = (label: string, value: string, target = '') => console.log(`  ${label.padEnd(62, '.')} ${value}${target ? `   (target ${target})` : ''}`);
  console.log(`Verbatim live-caption benchmark; ${machineLoad()}`);
  const server = await startServer();
  try {
    const admin = await ApiSession.login(server.url, server.admin.email, server.admin.password);
    const project = await admin.call<{ id: string }>('POST', '/api/projects', { name: 'Caption bench' });
    const { headline, results } = await benchCaptions({ server, admin, projectId: project.id, line, maxSessions: Number(values['max-sessions']), concurrentSeconds: Number(values['concurrent-seconds']), parts });
    const out = join(import.meta.dirname, 'captions-results.json');
    const current: CaptionResultsFile = { date: new Date().toISOString(), parts: [...parts], ...results, targets: CAPTION_TARGETS, headline };
    const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as CaptionResultsFile) : undefined;
    writeFileSync(out, `${JSON.stringify(mergeCaptionResults(previous, current, parts), null, 2)}\n`);
    console.log(`\nresults written to ${out}`);
    console.log(`BENCH ${JSON.stringify(headline)}`);
  } finally {
    await server.stop();
  }
}
