import type { ProgressStream } from '../ProgressView.ts';

/**
 * One line of download progress: segments received against the count the server announced, and bytes. On a
 * terminal the line is redrawn (at most every 100 ms); otherwise a log line at each tenth of the segments.
 *
 * @example
 * const progress = new DownloadProgress('export 2f0c…', 312, process.stderr, true);
 * progress.update(10, 1_048_576);
 * progress.finish('done');
 */
export class DownloadProgress {
  readonly #label: string;
  readonly #total: number | undefined;
  readonly #out: ProgressStream;
  readonly #enabled: boolean;
  readonly #tty: boolean;
  readonly #now: () => number;
  #drawnAt = -Infinity;
  #loggedTenth = -1;
  #segments = 0;
  #bytes = 0;

  constructor(label: string, total: number | undefined, out: ProgressStream, enabled: boolean, now: () => number = Date.now) {
    this.#label = label;
    this.#total = total !== undefined && Number.isFinite(total) && total > 0 ? total : undefined;
    this.#out = out;
    this.#enabled = enabled;
    this.#tty = enabled && out.isTTY === true;
    this.#now = now;
  }

  update(segments: number, bytes: number): void {
    this.#segments = segments;
    this.#bytes = bytes;
    if (!this.#enabled) return;
    if (this.#tty) {
      if (this.#now() - this.#drawnAt < 100) return;
      this.#drawnAt = this.#now();
      this.#out.write(`\r\x1b[2K${this.#line()}`);
      return;
    }
    const tenth = this.#total === undefined ? -1 : Math.floor((segments / this.#total) * 10);
    if (tenth > this.#loggedTenth && tenth < 10) {
      this.#loggedTenth = tenth;
      this.#out.write(`${this.#line()}\n`);
    }
  }

  finish(state: 'done' | 'failed'): void {
    if (!this.#enabled) return;
    this.#out.write(`${this.#tty ? '\r\x1b[2K' : ''}${this.#line()}: ${state}\n`);
  }

  #line(): string {
    const of = this.#total === undefined ? '' : `/${this.#total}`;
    const pct = this.#total === undefined ? '' : ` ${Math.floor((Math.min(this.#segments, this.#total) / this.#total) * 100)}%`;
    return `${this.#label}:${pct} ${this.#segments}${of} segments, ${formatBytes(this.#bytes)}`;
  }
}

/** Bytes as KiB or MiB. */
export function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
