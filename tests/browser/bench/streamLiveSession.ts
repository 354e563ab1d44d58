// A Node audio source for the caption bench: streams PCM to a live session's `/live/<id>/audio` at real time (frames
// on an absolute schedule, so timer jitter does not add up), records when each frame was sent and when each caption
// arrived, sends `end` and waits for `drained`.
import { performance } from 'node:perf_hooks';
import { LIVE_AUDIO_ENCODING, type LiveServerMessage } from '@verbatim/core/api';
import WebSocket from 'ws';
import type { ShownCaption } from './captionLatency.ts';

/** Options of {@link streamLiveSession}. */
export interface StreamLiveSessionOptions {
  /** The server's base URL (http…). */
  url: string;
  sessionId: string;
  /** An API token with the transcribe scope. */
  token: string;
  /** s16le mono samples at `sampleRate`. */
  pcm: Int16Array;
  sampleRate: number;
  /** Audio per frame (default 100 ms). */
  frameMs?: number;
  /** Gives up waiting for `ready` or `drained` after this long (default 60 s). */
  timeoutMs?: number;
}

/** What a streamed session saw. */
export interface StreamedSession {
  /** Every caption, partial or final, when it arrived (performance.now()). */
  captions: ShownCaption[];
  /** When the frame holding `sample` was sent (performance.now()); NaN outside what was sent. */
  sentAt(sample: number): number;
  warnings: string[];
  /** Audio seconds sent. */
  seconds: number;
}

/** Streams `pcm` to the session at real time; rejects with the server's close code and reason if it hangs up. */
export async function streamLiveSession(options: StreamLiveSessionOptions): Promise<StreamedSession> {
  const { pcm, sampleRate } = options;
  const frameSamples = Math.round((sampleRate * (options.frameMs ?? 100)) / 1000);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const frames = Math.ceil(pcm.length / frameSamples);
  const sent = new Float64Array(frames).fill(Number.NaN);
  const captions: ShownCaption[] = [];
  const warnings: string[] = [];
  const ws = new WebSocket(`${options.url.replace(/^http/, 'ws')}/live/${encodeURIComponent(options.sessionId)}/audio`, {
    headers: { authorization: `Bearer ${options.token}` },
  });
  let onReady: () => void = () => {};
  let onDrained: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const drained = new Promise<void>((resolve) => (onDrained = resolve));
  const closed = new Promise<never>((_, reject) => {
    ws.on('close', (code, reason) => reject(new Error(`the server closed the audio socket: ${code} ${reason.toString()}`)));
    ws.on('error', (error) => reject(error));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`the audio socket's upgrade answered ${res.statusCode}`)));
  });
  closed.catch(() => {}); // raced below; an unobserved rejection after a normal end is not an error
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const message = JSON.parse(String(data)) as LiveServerMessage;
    if (message.type === 'ready') onReady();
    else if (message.type === 'caption') captions.push({ caption: message.caption, at: performance.now() });
    else if (message.type === 'warning') warnings.push(`${message.code}: ${message.message}`);
    else if (message.type === 'drained') onDrained();
  });
  const within = <T>(promise: Promise<T>, what: string) =>
    Promise.race([promise, closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs).unref())]);

  await within(new Promise<void>((resolve) => ws.once('open', () => resolve())), 'connection');
  ws.send(JSON.stringify({ type: 'start', encoding: LIVE_AUDIO_ENCODING, sampleRate, channels: 1, offsetSamples: 0 }));
  await within(ready, '`ready`');
  const t0 = performance.now();
  const frameMs = (frameSamples / sampleRate) * 1000;
  for (let i = 0; i < frames; i++) {
    const wait = t0 + i * frameMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (ws.readyState !== WebSocket.OPEN) await closed;
    const frame = pcm.subarray(i * frameSamples, Math.min(pcm.length, (i + 1) * frameSamples));
    sent[i] = performance.now();
    ws.send(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  }
  ws.send(JSON.stringify({ type: 'end' }));
  await within(drained, '`drained`');
  ws.removeAllListeners('close');
  ws.close(1000, 'done');
  return {
    captions,
    sentAt: (sample) => (sample < 0 || sample >= pcm.length ? Number.NaN : sent[Math.floor(sample / frameSamples)]!),
    warnings,
    seconds: pcm.length / sampleRate,
  };
}
