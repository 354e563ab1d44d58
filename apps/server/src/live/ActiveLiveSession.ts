import type { CaptionJson, LiveServerMessage, LmModeJson } from '@verbatim/core/api';
import type { Logger } from '../http/Logger.ts';
import type { Captioner, SessionDecoding } from './LiveCaptioning.ts';
import type { LiveHub } from './LiveHub.ts';
import type { LiveRecording } from './LiveRecording.ts';
import type { LiveFinalProvenance, LiveSessionStore } from './LiveSessionStore.ts';

/** A warning, or a recognition error, for the session's audio source. */
export type LiveSourceWarning = Extract<LiveServerMessage, { type: 'warning' | 'error' }>;

// at most this much recorded audio is decoded again after a restart (the recogniser's backlog limit is 60 s)
const MAX_REPLAY_SECONDS = 30;

const WARNING_CODES = new Set<string>(['silent-input', 'clipped-input', 'behind-real-time', 'slow-viewer']);

/** A final after the plugins' post-processing: the caption as shown, and how it came to be when plugins touched it. */
export interface ProcessedFinal {
  readonly caption: CaptionJson;
  readonly provenance?: LiveFinalProvenance;
}

/**
 * A session's decoding that also tells, for each final, the recogniser's own words and the plugins that touched it
 * (stored with the final, so the session's transcript records them as a job's does); without `postProcessFinal` the
 * finals are stored with no provenance.
 */
export interface LiveSessionDecoding extends SessionDecoding {
  postProcessFinal?(caption: CaptionJson): Promise<ProcessedFinal>;
}

/** A recognition running on the captioner: its id there, its listener's removal, whether it failed. */
interface Running {
  readonly id: string;
  off: () => void;
  failed: boolean;
}

/** What {@link ActiveLiveSession} works with. */
export interface ActiveLiveSessionDeps {
  readonly store: LiveSessionStore;
  readonly hub: LiveHub;
  readonly recording: LiveRecording;
  /** The session's sample rate (Hz). */
  readonly sampleRate: number;
  /** The model's captioner; undefined when it could not be opened (the audio is still recorded). */
  readonly captioner: Captioner | undefined;
  /**
   * Tries to open the model's captioner again while the session has none (e.g. the model's files were being replaced
   * when it first opened): at most every `reopenIntervalMs` of incoming audio; without it the session stays
   * uncaptioned until it is next activated.
   */
  readonly reopenCaptioner?: (() => Promise<Captioner | undefined>) | undefined;
  /** Least time between two tries of `reopenCaptioner` (default 10 s). */
  readonly reopenIntervalMs?: number | undefined;
  readonly now?: (() => number) | undefined;
  readonly decoding: LiveSessionDecoding;
  /** The session's word LM mode; null or undefined: the captioner's default for its model. */
  readonly lm?: LmModeJson | null | undefined;
  readonly logger?: Logger | undefined;
}

/**
 * A live session taking audio on this server: every sample is appended to its recording and pushed to the model's
 * captioner; each caption the captioner makes is published on the hub in order, partials as they come (a partial
 * overtaken by a newer one or by its final is dropped) and finals after the plugins' post-processing and once stored
 * (with the recogniser's own words and the plugins' provenance, for the transcript).
 * The captioner's session starts at the first audio after the session was activated or drained, on the session's
 * clock (`startSample` = audio recorded so far, `startSeq` = finals stored so far), so a drained, restarted or
 * resumed session keeps one clock and one numbering.
 */
export class ActiveLiveSession {
  readonly id: string;
  readonly #deps: ActiveLiveSessionDeps;
  #generation = 0;
  /** The captioner's id of the running recognition, if one runs. */
  #running: Running | undefined;
  /** Captions go out in order: each waits for the one before (a final's post-processing and storing). */
  #chain: Promise<void> = Promise.resolve();
  #nextSeq: number;
  #latestPartial: CaptionJson | undefined;
  #decodedSamples: number;
  #recognitionBroken = false;
  #closed = false;
  #captioner: Captioner | undefined;
  #reopening = false;
  #reopenedAt: number;
  #draining: Promise<void> = Promise.resolve();
  /** Recorded audio after the last final that no recogniser has made final (a crash, a shutdown): decoded again first. */
  #replayFrom: number | undefined;
  /** Where warnings go (the connected source, if any). */
  onWarning: ((warning: LiveSourceWarning) => void) | undefined;

  constructor(id: string, deps: ActiveLiveSessionDeps) {
    this.id = id;
    this.#deps = deps;
    this.#captioner = deps.captioner;
    this.#reopenedAt = (deps.now ?? Date.now)();
    this.#nextSeq = deps.store.get(id)?.finals ?? 0;
    this.#decodedSamples = deps.recording.samples;
    this.#replayFrom = this.#undecodedFrom();
  }

  // recorded audio after the last final (at most MAX_REPLAY_SECONDS of it), which no recogniser has made final
  #undecodedFrom(): number | undefined {
    const { store, sampleRate, recording } = this.#deps;
    const lastEnd = store.recentFinals(this.id, 1)[0]?.endMs ?? 0;
    const from = Math.max(Math.round((lastEnd / 1000) * sampleRate), recording.samples - MAX_REPLAY_SECONDS * sampleRate);
    return from < recording.samples ? from : undefined;
  }

  /** Whether recorded audio awaits recognition (this session was activated after a crash or shutdown cut it short). */
  get hasUndecodedAudio(): boolean {
    return this.#replayFrom !== undefined;
  }

  /** Audio recorded so far, in samples (the session's clock). */
  get receivedSamples(): number {
    return this.#deps.recording.samples;
  }

  /** Audio the recogniser has decoded so far, in samples. */
  get decodedSamples(): number {
    return Math.min(this.#decodedSamples, this.receivedSamples);
  }

  /** Whether the audio is being captioned (false: the model could not be loaded or recognition failed; it is still recorded). */
  get captioning(): boolean {
    return this.#captioner !== undefined && !this.#recognitionBroken && this.#running?.failed !== true;
  }

  /** Final captions stored so far. */
  get finals(): number {
    return this.#nextSeq;
  }

  /** Records audio (s16le, an even number of bytes) and hands it to the recogniser. */
  accept(bytes: Uint8Array): void {
    if (this.#closed) throw new Error(`The live session ${this.id} no longer takes audio.`);
    const startSample = this.#deps.recording.samples;
    this.#deps.recording.append(bytes);
    const captioner = this.#captioner;
    if (captioner === undefined) this.#reopen();
    if (captioner === undefined || this.#recognitionBroken) return;
    try {
      const running = this.#running ?? this.#startReplaying(captioner, startSample);
      if (running.failed) return;
      // an aligned view when ws gave one, else a copy (the captioner copies what it is pushed anyway)
      const pcm = bytes.byteOffset % 2 === 0 ? new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2) : new Int16Array(bytes.slice().buffer);
      captioner.push(running.id, pcm);
    } catch (error) {
      this.#fail(error);
    }
  }

  /**
   * The input ended: everything pending becomes final (stored and published). Resolves with the number of finals
   * once they are out; the next audio starts a new recognition on the same clock.
   */
  drain(): Promise<number> {
    // one drain at a time: a stop during a source's `end` waits for that drain's finals
    const run = this.#draining.then(() => this.#drainNow());
    this.#draining = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  async #drainNow(): Promise<number> {
    const captioner = this.#captioner;
    if (this.#running === undefined && this.#replayFrom !== undefined && captioner !== undefined && !this.#recognitionBroken && !this.#closed) {
      try {
        this.#startReplaying(captioner, this.#deps.recording.samples);
      } catch (error) {
        this.#fail(error);
      }
    }
    const running = this.#running;
    if (running !== undefined && this.#captioner !== undefined) {
      this.#running = undefined;
      try {
        if (!running.failed) for (const caption of await this.#captioner.end(running.id)) this.#onCaption(caption);
      } catch (error) {
        this.#deps.logger?.warn({ sessionId: this.id, err: String(error) }, 'the live recogniser failed while finishing its captions');
      } finally {
        running.off();
        this.#captioner.close(running.id);
      }
    }
    await this.#chain;
    this.#latestPartial = undefined;
    this.#deps.store.setReceivedSamples(this.id, this.receivedSamples);
    return this.#nextSeq;
  }

  /** Drains, then syncs and closes the recording: the session takes no more audio here. */
  async stop(): Promise<void> {
    try {
      await this.drain();
    } finally {
      this.close();
    }
  }

  /** Stops at once (what is not final yet is not made final; the recording is synced and closed). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const running = this.#running;
    this.#running = undefined;
    if (running !== undefined) {
      running.off();
      this.#captioner?.close(running.id);
    }
    this.#deps.recording.close();
    this.#deps.store.setReceivedSamples(this.id, this.receivedSamples);
  }

  // the session has no captioner: try to open it again (one try at a time, at most every reopenIntervalMs); once it
  // opens, the next audio starts a recognition that first decodes what was recorded meanwhile (up to 30 s of it)
  #reopen(): void {
    const reopen = this.#deps.reopenCaptioner;
    const now = (this.#deps.now ?? Date.now)();
    if (reopen === undefined || this.#reopening || now - this.#reopenedAt < (this.#deps.reopenIntervalMs ?? 10_000)) return;
    this.#reopening = true;
    this.#reopenedAt = now;
    reopen().then(
      (captioner) => {
        this.#reopening = false;
        if (captioner === undefined || this.#closed || this.#captioner !== undefined) return;
        this.#captioner = captioner;
        this.#replayFrom = this.#undecodedFrom();
        this.#deps.logger?.info({ sessionId: this.id }, 'the live captioner opened on a later try; captioning resumes');
      },
      (error: unknown) => {
        this.#reopening = false;
        this.#deps.logger?.warn({ sessionId: this.id, err: String(error) }, 'the live captioner still does not open');
      },
    );
  }

  // a recognition from `upTo`, or from where the last final ended when recorded audio after it was never made final
  #startReplaying(captioner: Captioner, upTo: number): Running {
    const from = this.#replayFrom;
    this.#replayFrom = undefined;
    if (from === undefined || from >= upTo) return this.#start(captioner, upTo);
    const running = this.#start(captioner, from);
    this.#decodedSamples = from;
    captioner.push(running.id, this.#deps.recording.read(from, upTo));
    return running;
  }

  #start(captioner: Captioner, startSample: number): Running {
    const id = `${this.id}#${++this.#generation}`;
    const { vocabulary, domainText = [] } = this.#deps.decoding;
    const lm = this.#deps.lm ?? undefined;
    try {
      captioner.startSession(id, { vocabulary, domainText, ...(lm && { lm }), startSample, startSeq: this.#nextSeq });
    } catch (error) {
      // a vocabulary the model cannot use (a plugin's, or one made for another model) must not cost the captions
      if (vocabulary.length === 0) throw error;
      captioner.startSession(id, { domainText, ...(lm && { lm }), startSample, startSeq: this.#nextSeq });
      this.#deps.logger?.warn({ sessionId: this.id, err: String(error) }, 'live captions go on without the project vocabulary, which the model cannot use');
      this.onWarning?.({ type: 'error', code: 'vocabulary-unusable', message: `Captioning without the project's vocabulary: ${(error as Error).message}` });
    }
    const running: Running = { id, off: () => {}, failed: false };
    running.off = captioner.on(id, (event) => {
      switch (event.type) {
        case 'caption':
          this.#onCaption(event.caption);
          return;
        case 'decoded':
          this.#decodedSamples = event.decodedSamples;
          return;
        case 'warning':
          if (WARNING_CODES.has(event.code)) this.onWarning?.({ type: 'warning', code: event.code as Extract<LiveSourceWarning, { type: 'warning' }>['code'], message: event.message });
          return;
        case 'failed':
          running.failed = true;
          this.#deps.logger?.error({ sessionId: this.id, message: event.message }, 'live recognition failed; the session goes on recording without captions');
          this.onWarning?.({ type: 'error', code: 'recognizer-failed', message: `Captioning stopped: ${event.message} The audio is still recorded.` });
      }
    });
    this.#running = running;
    return running;
  }

  #onCaption(caption: CaptionJson): void {
    if (!caption.final) {
      this.#latestPartial = caption;
      this.#chain = this.#chain.then(() => {
        // a newer partial, or this segment's final, went ahead: this one is stale
        if (this.#latestPartial === caption && caption.seq === this.#nextSeq) this.#deps.hub.publish(this.id, { type: 'caption', caption });
      });
      return;
    }
    this.#chain = this.#chain.then(async () => {
      // end() answers the finals its listeners already had: each is stored once
      if (caption.seq < this.#nextSeq) return;
      let processed: ProcessedFinal;
      try {
        const decoding = this.#deps.decoding;
        processed = decoding.postProcessFinal === undefined ? { caption: await decoding.postProcess(caption) } : await decoding.postProcessFinal(caption);
      } catch (error) {
        this.#deps.logger?.warn({ sessionId: this.id, err: String(error) }, 'the plugins could not post-process a live caption; it is kept as recognised');
        processed = { caption };
      }
      const final: CaptionJson = { ...processed.caption, seq: this.#nextSeq, final: true };
      try {
        this.#deps.store.appendFinal(this.id, final, processed.provenance);
      } catch (error) {
        this.#deps.logger?.error({ sessionId: this.id, seq: final.seq, err: String(error) }, 'could not store a live final caption');
        return;
      }
      this.#nextSeq = final.seq + 1;
      this.#deps.hub.publish(this.id, { type: 'caption', caption: final });
    });
  }

  #fail(error: unknown): void {
    this.#recognitionBroken = true;
    this.#deps.logger?.error({ sessionId: this.id, err: String(error) }, 'could not hand live audio to the recogniser; the session goes on recording without captions');
    this.onWarning?.({ type: 'error', code: 'recognizer-failed', message: `Captioning stopped (${(error as Error).message}); the audio is still recorded.` });
  }
}
