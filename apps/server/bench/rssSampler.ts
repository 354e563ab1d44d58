// Samples another process's resident memory from /proc (Linux only), the way `top` would see it.
import { readFileSync } from 'node:fs';

/** Resident set size and its high-water mark, in bytes. */
export interface RssSample {
  rss: number;
  hwm: number;
}

/** Reads VmRSS and VmHWM of `pid`; undefined once the process is gone. */
export function readRss(pid: number): RssSample | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Polls `pid` every `intervalMs` until disposed; keeps the peak and mean RSS of what it saw. */
export class RssSampler {
  #timer: NodeJS.Timeout;
  #count = 0;
  #sum = 0;
  #peak = 0;
  #last: RssSample | undefined;
  #progress: (() => number) | undefined;
  #trace: { progress: number; rss: number }[] = [];
  readonly pid: number;

  /** `progress` (optional) is read with every sample, so RSS can be traced against e.g. bytes sent. */
  constructor(pid: number, intervalMs = 50, progress?: () => number) {
    this.pid = pid;
    this.#progress = progress;
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), intervalMs);
  }

  #sample(): void {
    const sample = readRss(this.pid);
    if (sample === undefined) return;
    this.#last = sample;
    this.#count++;
    this.#sum += sample.rss;
    this.#peak = Math.max(this.#peak, sample.rss);
    if (this.#progress !== undefined) this.#trace.push({ progress: this.#progress(), rss: sample.rss });
  }

  /** Every sample with the progress read beside it (empty without a progress function). */
  trace(): readonly { progress: number; rss: number }[] {
    return this.#trace;
  }

  /** What was seen so far: samples taken, peak and mean RSS, and the last high-water mark (bytes). */
  summary(): { samples: number; peakRss: number; meanRss: number; hwm: number } {
    return { samples: this.#count, peakRss: this.#peak, meanRss: this.#count === 0 ? 0 : this.#sum / this.#count, hwm: this.#last?.hwm ?? 0 };
  }

  dispose(): void {
    clearInterval(this.#timer);
    this.#sample();
  }
}
