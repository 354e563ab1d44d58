import type { Disposable } from '../platform/Disposable.ts';
import { Emitter } from '../platform/Emitter.ts';
import { MAX_RATE, MIN_RATE, resumeTime, SKIP_SECONDS, stepRate } from './playbackRules.ts';
import { readRewindSeconds, writeRewindSeconds } from './playbackSettings.ts';

/** Options of {@link PlaybackController}. */
export interface PlaybackControllerOptions {
  /** The duration the server measured (used until the audio's metadata has loaded). */
  duration?: number;
  /** Where the rewind-on-resume setting is kept (default localStorage). */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

/**
 * Plays one recording through an `<audio preload=metadata>` element (HTTP Range streaming; the file is never
 * downloaded or decoded whole), with oTranscribe's controls: play/pause with rewind-on-resume, skip, rate steps,
 * and playing a span (a word under review with context). While playing it ticks once per animation frame, which is
 * what moves the current-word highlight, without any React rendering.
 */
export class PlaybackController implements Disposable {
  readonly media: HTMLAudioElement;
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  readonly #fallbackDuration: number;
  #rewind: number;
  #stopAt: number | undefined;
  #frame: number | undefined;
  #played = false;
  #disposed = false;
  readonly #onDidTick = new Emitter<number>();
  /** The playback position, every animation frame while playing and after each seek. */
  readonly onDidTick = this.#onDidTick.event;
  readonly #onDidChangeState = new Emitter<void>();
  /** Playing, paused, rate or duration changed. */
  readonly onDidChangeState = this.#onDidChangeState.event;

  constructor(src: string, options: PlaybackControllerOptions = {}) {
    this.#storage = options.storage ?? globalThis.localStorage;
    this.#fallbackDuration = options.duration ?? 0;
    this.#rewind = readRewindSeconds(this.#storage);
    const media = document.createElement('audio');
    media.preload = 'metadata';
    media.src = src;
    this.media = media;
    media.addEventListener('play', this.#onPlay);
    media.addEventListener('pause', this.#onPause);
    media.addEventListener('seeked', this.#onSeeked);
    media.addEventListener('ratechange', this.#onState);
    media.addEventListener('loadedmetadata', this.#onState);
  }

  /** Seconds. */
  get time(): number {
    return this.media.currentTime;
  }

  get duration(): number {
    const d = this.media.duration;
    return Number.isFinite(d) && d > 0 ? d : this.#fallbackDuration;
  }

  get playing(): boolean {
    return !this.media.paused;
  }

  get rate(): number {
    return this.media.playbackRate;
  }

  /** Seconds playback goes back when it resumes after a pause (oTranscribe's rewind-on-resume). */
  get rewindOnResume(): number {
    return this.#rewind;
  }

  set rewindOnResume(seconds: number) {
    this.#rewind = writeRewindSeconds(seconds, this.#storage);
    this.#onDidChangeState.fire();
  }

  /** Pauses, or resumes a little before where it paused. */
  async toggle(): Promise<void> {
    if (this.playing) {
      this.pause();
      return;
    }
    this.#stopAt = undefined;
    if (this.#played) this.seek(resumeTime(this.time, this.#rewind));
    await this.play();
  }

  async play(): Promise<void> {
    this.#played = true;
    try {
      await this.media.play();
    } catch (error) {
      // a pause or a new source interrupting play() is not a failure
      if (!(error instanceof DOMException && error.name === 'AbortError')) throw error;
    }
  }

  pause(): void {
    this.media.pause();
  }

  seek(time: number): void {
    const max = this.duration > 0 ? this.duration : Infinity;
    this.media.currentTime = Math.min(max, Math.max(0, time));
    this.#onDidTick.fire(this.media.currentTime);
  }

  /** Skips by `seconds` (negative: back); F1/F2 skip 3 s. */
  skip(seconds = SKIP_SECONDS): void {
    this.seek(this.time + seconds);
  }

  /** One rate step slower (-1) or faster (+1), 0.5x to 2x. */
  stepRate(direction: 1 | -1): number {
    this.media.playbackRate = stepRate(this.media.playbackRate, direction);
    return this.media.playbackRate;
  }

  /** Sets the rate (0.5x to 2x, in steps of 0.1 as F3/F4 move it). */
  setRate(rate: number): number {
    this.media.playbackRate = Math.min(MAX_RATE, Math.max(MIN_RATE, Math.round(rate * 10) / 10));
    return this.media.playbackRate;
  }

  /** Plays on from `time` (a turn's timestamp). */
  async playFrom(time: number): Promise<void> {
    this.#stopAt = undefined;
    this.seek(time);
    await this.play();
  }

  /** Plays `[start, end]` and stops there (a flagged word with some context). */
  async playSpan(start: number, end: number): Promise<void> {
    this.seek(start);
    this.#stopAt = end;
    await this.play();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#stopLoop();
    this.media.pause();
    this.media.removeEventListener('play', this.#onPlay);
    this.media.removeEventListener('pause', this.#onPause);
    this.media.removeEventListener('seeked', this.#onSeeked);
    this.media.removeEventListener('ratechange', this.#onState);
    this.media.removeEventListener('loadedmetadata', this.#onState);
    // stops the download: an element without a source lets go of its connection
    this.media.removeAttribute('src');
    this.media.load();
    this.#onDidTick.dispose();
    this.#onDidChangeState.dispose();
  }

  readonly #onPlay = () => {
    this.#startLoop();
    this.#onDidChangeState.fire();
  };

  readonly #onPause = () => {
    this.#stopLoop();
    this.#onDidTick.fire(this.time);
    this.#onDidChangeState.fire();
  };

  readonly #onSeeked = () => this.#onDidTick.fire(this.time);

  readonly #onState = () => this.#onDidChangeState.fire();

  #startLoop(): void {
    if (this.#frame !== undefined) return;
    const step = () => {
      this.#frame = requestAnimationFrame(step);
      const time = this.time;
      if (this.#stopAt !== undefined && time >= this.#stopAt) {
        this.#stopAt = undefined;
        this.pause();
        return;
      }
      this.#onDidTick.fire(time);
    };
    this.#frame = requestAnimationFrame(step);
  }

  #stopLoop(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#frame = undefined;
  }
}
