import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import type { CaptionJson, LiveSessionJson } from '@verbatim/core/api';
import type { ProgressStream } from '../ProgressView.ts';
import { LiveApi, LiveApiError } from './liveApi.ts';
import { LiveUplink, LiveUplinkError } from './LiveUplink.ts';
import { openPcmInput, PcmInputError } from './openPcmInput.ts';
import type { LiveOptions } from './parseLiveArgs.ts';

/** Where `verbatim live` writes: final captions on stdout (`--print`), progress and messages on stderr. */
export interface LiveStreams {
  readonly stdout: { write(chunk: string): boolean };
  readonly stderr: ProgressStream;
  /** Read for `--input -` (default `process.stdin`). */
  readonly stdin?: Readable;
}

// how long the end of the input may wait for the server's last finals
const DRAIN_TIMEOUT_MS = 60_000;
const PROGRESS_EVERY_MS = 1000;
const LOG_EVERY_TICKS = 5;

/**
 * `verbatim live`: starts a live session in the project, streams the input to it at real time (paced by the clock,
 * 100 ms frames; a dropped connection is resumed from the audio the server has not confirmed), prints each final
 * caption's text as one stdout line with `--print`, and at the input's end sends `end`, waits for the last finals
 * (`drained`) and stops the session (unless `--keep-open`), printing the transcript id to stderr. Ctrl-C (`signal`)
 * ends the input there and finishes the same way (130). Returns the exit code: 0 done; 1 the server refused or the
 * session failed; 2 a usage problem (no server or token, an input that cannot be read); 130 cancelled.
 *
 * @example
 * await runLive({ projectId, input: 'talk.wav', server: 'http://localhost:8080', token, print: true, keepOpen: false, retranscribe: false, quiet: false }, streams, signal, process.env);
 */
export async function runLive(options: LiveOptions, streams: LiveStreams, signal: AbortSignal, env: NodeJS.ProcessEnv): Promise<number> {
  // a progress line being rewritten in place is cleared first
  const say = (text: string) => void streams.stderr.write(`${streams.stderr.isTTY && !options.quiet ? '\r\x1b[2K' : ''}verbatim: ${text}\n`);
  const server = options.server ?? env['VERBATIM_SERVER'];
  const token = options.token ?? env['VERBATIM_TOKEN'];
  if (server === undefined || server === '') return (say('live needs the server: --server URL or $VERBATIM_SERVER'), 2);
  if (token === undefined || token === '') return (say('live needs an API token with the transcribe scope: --token TOKEN or $VERBATIM_TOKEN'), 2);
  const api = new LiveApi(server, token, signal);
  // the input is read until Ctrl-C; the session's requests are not cut by it (a stop must still go through)
  const input = new AbortController();
  const onAbort = () => input.abort();
  signal.addEventListener('abort', onAbort, { once: true });

  let session: LiveSessionJson | undefined;
  let uplink: LiveUplink | undefined;
  let progress: NodeJS.Timeout | undefined;
  try {
    const title = options.title ?? (options.input === '-' ? 'Live captions' : basename(options.input));
    session = await api.start(options.projectId, { title, ...(options.model && { model: options.model }), ...(options.lm && { lm: options.lm }) });
    const { sampleRate } = session;
    say(`live session ${session.id} "${session.title}" started (${session.model.id}@${session.model.version}, ${sampleRate} Hz)`);
    if (options.viewerLink) say(`caption screen for the audience (no account needed): ${(await api.viewerLink(session.id)).url}`);
    const blocks = await openPcmInput(options.input, { sampleRate, signal: input.signal, ...(streams.stdin && { stdin: streams.stdin }) });

    let printed = -1;
    const finalLatencies: number[] = [];
    let finals = 0;
    const warned = new Set<string>();
    uplink = new LiveUplink({
      url: api.audioUrl(session.id),
      headers: api.headers,
      sampleRate,
      onCaption: (caption: CaptionJson) => {
        if (!caption.final || caption.seq <= printed) return;
        printed = caption.seq;
        finals += 1;
        // audio-to-caption latency of the final's last word: from its last sample going out to the final arriving
        const last = caption.words.at(-1);
        const sentAt = last === undefined ? undefined : uplink?.sentTimeOf(Math.max(0, Math.round((last.endMs / 1000) * sampleRate) - 1));
        if (sentAt !== undefined) finalLatencies.push(performance.now() - sentAt);
        if (options.print && caption.text.trim() !== '') streams.stdout.write(`${caption.text}\n`);
      },
      onNotice: ({ code, message }) => {
        // a warning that repeats (silent input…) is said once
        if (code !== 'reconnecting' && warned.has(`${code}:${message}`)) return;
        warned.add(`${code}:${message}`);
        say(`${code === 'reconnecting' ? '' : `${code}: `}${message}`);
      },
    });
    await uplink.ready;
    const live = uplink;
    if (!options.quiet) {
      // a terminal gets one line rewritten in place; a log a line every few seconds
      const tty = Boolean(streams.stderr.isTTY);
      let ticks = 0;
      progress = setInterval(() => {
        ticks += 1;
        if (!tty && ticks % LOG_EVERY_TICKS !== 0) return;
        const latency = live.latencyMs === undefined ? '' : `, latency ${Math.round(live.latencyMs)} ms`;
        const line = `live: ${(live.pushedSamples / sampleRate).toFixed(1)} s sent${latency}, ${finals} finals${live.connected ? '' : ' (reconnecting)'}`;
        streams.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
      }, PROGRESS_EVERY_MS);
      progress.unref();
    }

    // real time: a block goes out when the clock reaches its last sample, as it would from a microphone
    const t0 = performance.now();
    const pump = (async () => {
      for await (const block of blocks) {
        const due = t0 + ((live.pushedSamples + block.length) / sampleRate) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait, undefined, { signal: input.signal }).catch(() => {});
        if (input.signal.aborted) break;
        live.push(block);
      }
    })();
    // a failure of the connection ends the reading too (input.abort() below); the pump then ends quietly
    pump.catch(() => {});
    await Promise.race([pump, live.failed]);
    if (signal.aborted) say('stopping at Ctrl-C: waiting for the last captions (Ctrl-C again quits at once)');
    const drainTimer = new AbortController();
    const timeout = sleep(DRAIN_TIMEOUT_MS, undefined, { signal: drainTimer.signal }).then(
      () => {
        throw new LiveUplinkError(`the server did not finish the last captions within ${DRAIN_TIMEOUT_MS / 1000} s`);
      },
      () => 0,
    );
    const drained = await Promise.race([live.end(), timeout]).finally(() => drainTimer.abort());
    live.close();
    clearInterval(progress);
    say(`input ended: ${(live.pushedSamples / sampleRate).toFixed(1)} s sent, ${drained} finals${latencySummary(finalLatencies)}`);
    if (options.keepOpen) {
      say(`the session ${session.id} stays live (--keep-open); stop it in the workbench or with POST /api/live-sessions/${session.id}/stop`);
      return signal.aborted ? 130 : 0;
    }
    return await stop(api, session.id, options.retranscribe, say, signal.aborted ? 130 : 0);
  } catch (error) {
    clearInterval(progress);
    input.abort();
    uplink?.close();
    if (error instanceof PcmInputError) {
      say(error.message);
      // the session was made for this input: stop it rather than leave it live
      if (session !== undefined) await stop(api, session.id, false, say, 2);
      return 2;
    }
    if (error instanceof LiveApiError || error instanceof LiveUplinkError) {
      say(error.message);
      if (session !== undefined && error instanceof LiveUplinkError && error.code !== 4410) await stop(api, session.id, false, say, 1);
      return error instanceof LiveApiError ? error.exitCode : 1;
    }
    if (signal.aborted) {
      say(session === undefined ? 'cancelled before the session started' : `cancelled; the session ${session.id} may still be live`);
      return 130;
    }
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Stops the session; says where its transcript is. Returns `code`, or 1 when stopping failed. */
async function stop(api: LiveApi, sessionId: string, retranscribe: boolean, say: (text: string) => void, code: number): Promise<number> {
  try {
    const stopped = await api.stop(sessionId, retranscribe);
    if (stopped.state === 'failed') {
      say(`the session stopped, but making its recording and transcript failed: ${stopped.error ?? 'no reason given'}`);
      return 1;
    }
    say(`session ${sessionId} ended${stopped.mediaId === null ? '' : `; recording ${stopped.mediaId}`}`);
    if (stopped.transcriptId !== null) say(`transcript ${stopped.transcriptId}`);
    if (stopped.retranscribeJobId !== null) say(`offline re-transcription queued: job ${stopped.retranscribeJobId}`);
    return code;
  } catch (error) {
    say((error as Error).message);
    return 1;
  }
}

/** `; finals came … after their audio was sent` (median and 95th percentile), or nothing without measurements. */
function latencySummary(latencies: number[]): string {
  if (latencies.length === 0) return '';
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
  return `; finals came ${at(0.5)} ms (median), ${at(0.95)} ms (95th percentile) after their last word's audio was sent`;
}
