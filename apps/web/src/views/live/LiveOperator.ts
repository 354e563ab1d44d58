import type { CaptionJson, LiveSessionJson } from '@verbatim/core/api';
import { ApiError } from '../../platform/ApiClient.ts';
import type { Disposable } from '../../platform/Disposable.ts';
import { Emitter } from '../../platform/Emitter.ts';
import { CaptionRoll } from './CaptionRoll.ts';
import type { LiveService } from './LiveService.ts';
import { LiveSource, type LiveWarning } from './LiveSource.ts';
import { type AudioInput, listAudioInputs, MicrophoneCapture } from './MicrophoneCapture.ts';

/** What the operator page shows as the connection's state (`live-state`'s data-state). */
export type OperatorState = 'loading' | 'idle' | 'connecting' | 'live' | 'reconnecting' | 'stopping' | 'ended' | 'failed';

/** A caption as the page showed it, for the caption benchmark (`window.__verbatimLive.captions`). */
export interface ShownCaption {
  seq: number;
  final: boolean;
  text: string;
  words: CaptionJson['words'];
  /** `performance.now()` when it was on the page. */
  shownAt: number;
}

/** What the operator page exposes for the benchmark: when each sample was sent, and each caption when shown. */
export interface LiveProbe {
  sentAt(sampleIndex: number): number;
  captions: ShownCaption[];
}

declare global {
  interface Window {
    __verbatimLive?: LiveProbe;
  }
}

const POLL_MS = 5000;
const DRAIN_TIMEOUT_MS = 15_000;

/**
 * One live session's operator: the session as the server has it (polled), the microphone capture feeding a
 * {@link LiveSource}, the captions, the input level and the server's warnings; stopping (end → drained → stop) and the
 * viewer link. Disposing it releases the microphone and closes the connection.
 */
export class LiveOperator implements Disposable {
  readonly sessionId: string;
  readonly #service: LiveService;
  readonly #wsUrl: string;
  readonly roll = new CaptionRoll();
  #session: LiveSessionJson | undefined;
  #error: string | undefined;
  #source: LiveSource | undefined;
  #capture: MicrophoneCapture | undefined;
  #stopping = false;
  #devices: AudioInput[] = [];
  #deviceId = '';
  #level = { peakDb: -Infinity, rmsDb: -Infinity };
  #warnings: (LiveWarning & { at: number })[] = [];
  #unshown: CaptionJson[] = [];
  readonly #probe: LiveProbe;
  #sourceSubscriptions: Disposable[] = [];
  readonly #poll: ReturnType<typeof setInterval>;
  #disposed = false;
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;

  constructor(service: LiveService, sessionId: string, location: Pick<Location, 'protocol' | 'host'> = window.location) {
    this.#service = service;
    this.sessionId = sessionId;
    this.#wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/live/${encodeURIComponent(sessionId)}/audio`;
    this.#probe = { sentAt: (sample) => this.#source?.sentAt(sample) ?? Number.NaN, captions: [] };
    this.#poll = setInterval(() => void this.refresh(), POLL_MS);
    // a device plugged in or out changes the picker's list
    navigator.mediaDevices?.addEventListener?.('devicechange', this.#onDeviceChange);
    // leaving the page while capturing would cut the talk's captions off: the browser asks first
    window.addEventListener('beforeunload', this.#onBeforeUnload);
  }

  readonly #onDeviceChange = () => void this.loadDevices();

  readonly #onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (this.#capture) event.preventDefault();
  };

  get session(): LiveSessionJson | undefined {
    return this.#session;
  }

  /** Why loading, capturing or stopping failed, or why the server closed the connection. */
  get error(): string | undefined {
    // once the session is over, the source's closing reason ("stopped") says nothing the session does not
    const over = this.#session?.state === 'ended' || this.#session?.state === 'failed';
    return this.#error ?? (over ? undefined : this.#source?.error);
  }

  get state(): OperatorState {
    const session = this.#session;
    if (!session) return this.#error ? 'failed' : 'loading';
    if (session.state === 'ended') return 'ended';
    if (session.state === 'failed') return 'failed';
    if (this.#stopping || session.state === 'stopping') return 'stopping';
    const source = this.#source?.state;
    if (source === 'connecting' || source === 'live' || source === 'reconnecting') return source;
    if (source === 'ended') return 'ended';
    if (source === 'failed') return 'failed';
    return 'idle';
  }

  /** Whether it was disposed (the page closed). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Whether this page captures audio for the session now. */
  get capturing(): boolean {
    return this.#capture !== undefined;
  }

  get devices(): readonly AudioInput[] {
    return this.#devices;
  }

  get deviceId(): string {
    return this.#deviceId;
  }

  get level(): { peakDb: number; rmsDb: number } {
    return this.#level;
  }

  get warnings(): readonly (LiveWarning & { at: number })[] {
    return this.#warnings;
  }

  /** Audio the server has, in seconds (this page's acks while it is the source, else the session's record). */
  get receivedSeconds(): number {
    const source = this.#source;
    return source && source.receivedSamples > 0 ? source.receivedSamples / source.sampleRate : (this.#session?.receivedSeconds ?? 0);
  }

  /** How far the recogniser is behind what was received, in seconds. */
  get decodeLagSeconds(): number | undefined {
    const source = this.#source;
    return source && source.receivedSamples > 0 ? (source.receivedSamples - source.decodedSamples) / source.sampleRate : undefined;
  }

  /** Audio this page captured for the session (sent or waiting to be), in samples. */
  get capturedSamples(): number | undefined {
    return this.#source?.capturedSamples;
  }

  /** Audio captured while disconnected that the resend buffer could not keep, in seconds. */
  get lostSeconds(): number {
    const source = this.#source;
    return source ? source.lostSamples / source.sampleRate : 0;
  }

  get latencyMs(): number | undefined {
    return this.#source?.latencyMs;
  }

  /** Reads the session again. */
  async refresh(): Promise<void> {
    if (this.#disposed) return;
    try {
      const session = await this.#service.get(this.sessionId);
      if (this.#disposed) return;
      this.#session = session;
      if (session.state !== 'live' && session.state !== 'stopping') clearInterval(this.#poll);
      if (this.#error && !this.#stopping) this.#error = undefined;
    } catch (error) {
      this.#error = messageOf(error);
    }
    this.#changed();
  }

  /** Lists the audio inputs (labelled once the microphone may be used). */
  async loadDevices(): Promise<void> {
    try {
      this.#devices = await listAudioInputs();
    } catch {
      this.#devices = [];
    }
    this.#changed();
  }

  /** Opens the chosen input (default: the browser's) and connects as the session's audio source. */
  async startCapture(deviceId = this.#deviceId): Promise<void> {
    const session = this.#session;
    if (!session || session.state !== 'live' || this.#disposed) return;
    this.#error = undefined;
    this.#deviceId = deviceId;
    try {
      await this.#openCapture(session.sampleRate, deviceId);
    } catch (error) {
      this.#error = `The microphone could not be opened: ${messageOf(error)}`;
      this.#changed();
      return;
    }
    if (!this.#source || this.#source.state === 'failed' || this.#source.state === 'idle') this.#connect(session.sampleRate);
    void this.loadDevices();
    this.#changed();
  }

  /** Captures from another input; the connection and the session's clock go on. */
  async switchDevice(deviceId: string): Promise<void> {
    this.#deviceId = deviceId;
    if (!this.#capture || !this.#session) {
      this.#changed();
      return;
    }
    try {
      await this.#openCapture(this.#session.sampleRate, deviceId);
    } catch (error) {
      this.#error = `That input could not be opened: ${messageOf(error)}`;
    }
    this.#changed();
  }

  /**
   * Stops the session: the microphone closes, what was captured is sent with `end` and the last finals awaited, then
   * the server makes the recording and the transcript (and queues the re-transcription when asked).
   */
  async stop(retranscribe: boolean): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#error = undefined;
    this.#changed();
    this.#capture?.dispose();
    this.#capture = undefined;
    const source = this.#source;
    if (source?.state === 'live') {
      await Promise.race([source.end().catch(() => {}), new Promise((resolve) => setTimeout(resolve, DRAIN_TIMEOUT_MS))]);
    }
    try {
      this.#session = await this.#service.stop(this.sessionId, { retranscribe });
      this.roll.clearPartial();
    } catch (error) {
      this.#error = messageOf(error);
      await this.refresh();
    } finally {
      this.#stopping = false;
      this.#closeSource();
      this.#changed();
    }
  }

  /** Makes (or remakes: the old one stops working) the viewer link. */
  async createViewerLink(): Promise<void> {
    await this.#service.createViewerLink(this.sessionId);
    await this.refresh();
  }

  async revokeViewerLink(): Promise<void> {
    await this.#service.revokeViewerLink(this.sessionId);
    await this.refresh();
  }

  /** The page rendered the captions that arrived since the last call: they are stamped as shown for the benchmark. */
  markShown(now: number): void {
    for (const c of this.#unshown.splice(0)) this.#probe.captions.push({ seq: c.seq, final: c.final, text: c.text, words: c.words, shownAt: now });
  }

  async #openCapture(sampleRate: number, deviceId: string): Promise<void> {
    const capture = await MicrophoneCapture.open({ sampleRate, ...(deviceId && { deviceId }) });
    if (this.#disposed || this.#stopping) {
      capture.dispose();
      return;
    }
    this.#capture?.dispose();
    this.#capture = capture;
    capture.onFrame((frame) => {
      this.#level = { peakDb: frame.peakDb, rmsDb: frame.rmsDb };
      this.#source?.push(frame.pcm);
      this.#changed();
    });
    capture.onDidEnd(() => {
      if (this.#capture !== capture) return;
      this.#error = 'The input device stopped (unplugged, or the permission was withdrawn). Choose an input to go on.';
      capture.dispose();
      this.#capture = undefined;
      this.#changed();
    });
  }

  #connect(sampleRate: number): void {
    this.#closeSource();
    const source = new LiveSource({ url: this.#wsUrl, sampleRate, probe: () => this.#probeSession() });
    this.#source = source;
    let was = source.state;
    this.#sourceSubscriptions.push(
      source.onDidChange(() => {
        // (re)connected: the session's record (source connected, finals) is read again rather than in up to 5 s
        if (source.state === 'live' && was !== 'live') void this.refresh();
        was = source.state;
        this.#changed();
      }),
    );
    this.#sourceSubscriptions.push(
      source.onCaption((caption) => {
        if (this.roll.apply(caption)) {
          this.#unshown.push(caption);
          this.#changed();
        }
      }),
    );
    this.#sourceSubscriptions.push(
      source.onWarning((warning) => {
        this.#warnings = [...this.#warnings.filter((w) => w.code !== warning.code), { ...warning, at: Date.now() }].slice(-5);
        this.#changed();
      }),
    );
    this.#sourceSubscriptions.push(source.onDidEnd(() => void this.refresh()));
    // the bench reads the page that captures
    window.__verbatimLive = this.#probe;
    source.connect();
  }

  // a refused upgrade reaches the browser as a bare close: the REST API says whether trying again can help
  async #probeSession(): Promise<{ ended: boolean; message: string } | undefined> {
    try {
      const session = await this.#service.get(this.sessionId);
      this.#session = session;
      return session.state === 'live' ? undefined : { ended: true, message: 'The session was stopped.' };
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404)) return { ended: false, message: error.message };
      return undefined;
    }
  }

  #closeSource(): void {
    for (const subscription of this.#sourceSubscriptions.splice(0)) subscription.dispose();
    this.#source?.close();
  }

  #changed(): void {
    if (!this.#disposed) this.#onDidChange.fire();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    clearInterval(this.#poll);
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.#onDeviceChange);
    window.removeEventListener('beforeunload', this.#onBeforeUnload);
    this.#capture?.dispose();
    this.#capture = undefined;
    this.#closeSource();
    if (window.__verbatimLive === this.#probe) delete window.__verbatimLive;
    this.#onDidChange.dispose();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
