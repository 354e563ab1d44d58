import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Options of {@link LiveRecording}. */
export interface LiveRecordingOptions {
  /** Written audio is synced to disk at least this often (default 1000 ms), and at `close()`. */
  readonly syncIntervalMs?: number;
}

/**
 * A live session's raw recording (s16le mono, no header), appended as audio arrives and synced to disk on a cadence,
 * so a crash loses at most the last interval. Opening an existing file continues it: its length is the audio already
 * received (an odd trailing byte, a sample cut by a crash, is dropped).
 */
export class LiveRecording {
  readonly path: string;
  readonly #fd: number;
  readonly #timer: NodeJS.Timeout;
  #samples: number;
  #dirty = false;
  #closed = false;

  constructor(path: string, options: LiveRecordingOptions = {}) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, 'a+');
    const size = fstatSync(this.#fd).size;
    if (size % 2 !== 0) ftruncateSync(this.#fd, size - 1);
    this.#samples = Math.floor(size / 2);
    this.#timer = setInterval(() => this.sync(), options.syncIntervalMs ?? 1000);
    this.#timer.unref();
  }

  /** Samples recorded so far. */
  get samples(): number {
    return this.#samples;
  }

  /** Appends samples (s16le bytes, an even count). */
  append(bytes: Uint8Array): void {
    if (this.#closed) throw new Error('The live recording is closed.');
    if (bytes.byteLength % 2 !== 0) throw new RangeError('A live recording takes whole 16-bit samples.');
    let written = 0;
    while (written < bytes.byteLength) written += writeSync(this.#fd, bytes, written, bytes.byteLength - written);
    this.#samples += bytes.byteLength / 2;
    this.#dirty = true;
  }

  /** The recorded samples from `from` up to (not including) `to`. */
  read(from: number, to: number): Int16Array {
    if (this.#closed) throw new Error('The live recording is closed.');
    const start = Math.max(0, Math.min(from, this.#samples));
    const end = Math.max(start, Math.min(to, this.#samples));
    const bytes = new Uint8Array((end - start) * 2);
    let got = 0;
    while (got < bytes.byteLength) {
      const n = readSync(this.#fd, bytes, got, bytes.byteLength - got, start * 2 + got);
      if (n === 0) break;
      got += n;
    }
    return new Int16Array(bytes.buffer, 0, Math.floor(got / 2));
  }

  /** Forces what was appended to disk. */
  sync(): void {
    if (this.#closed || !this.#dirty) return;
    this.#dirty = false;
    fdatasyncSync(this.#fd);
  }

  /** Syncs and closes the file (more calls do nothing). */
  close(): void {
    if (this.#closed) return;
    this.sync();
    this.#closed = true;
    clearInterval(this.#timer);
    closeSync(this.#fd);
  }
}
