import { spawn } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';
import { openAudio, ffmpegAvailable } from '@verbatim/asr/node';

/** Options of {@link openPcmInput}. */
export interface PcmInputOptions {
  /** The session's rate: every block is s16le mono at this rate. */
  readonly sampleRate: number;
  /** Samples per block (default: 100 ms). */
  readonly blockSamples?: number;
  /** Read for `-` (default `process.stdin`). */
  readonly stdin?: Readable;
  readonly ffmpegPath?: string;
  /** Stops reading: the iteration ends (files: the decoder is freed; stdin WAV: ffmpeg is killed). */
  readonly signal?: AbortSignal;
}

/** An input that cannot be read, said in words (the CLI exits 2). */
export class PcmInputError extends Error {
  override name = 'PcmInputError';
}

/**
 * The input of `verbatim live` as blocks of 16-bit mono samples at the session's rate, read as they are needed. A
 * file goes through `openAudio` (WAV, FLAC, MP3 and Ogg directly, anything else ffmpeg decodes through ffmpeg),
 * resampled to `sampleRate`; `-` reads stdin: a WAV stream (any rate or channels, e.g. `ffmpeg … -f wav -`) through
 * ffmpeg, anything else as raw s16le mono PCM already at `sampleRate`.
 *
 * @example
 * for await (const block of await openPcmInput('talk.mp3', { sampleRate: 16000 })) source.push(block);
 */
export async function openPcmInput(input: string, options: PcmInputOptions): Promise<AsyncIterable<Int16Array>> {
  const blockSamples = options.blockSamples ?? Math.round(options.sampleRate / 10);
  if (input !== '-') {
    let audio;
    try {
      audio = await openAudio(input, { sampleRate: options.sampleRate, blockSeconds: blockSamples / options.sampleRate, ...(options.signal && { signal: options.signal }), ...(options.ffmpegPath && { ffmpegPath: options.ffmpegPath }) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new PcmInputError(`${input}: no such file`);
      if (code === 'EACCES' || code === 'EISDIR') throw new PcmInputError(`${input}: cannot be read (${code})`);
      throw new PcmInputError(`${input}: ${(error as Error).message}`);
    }
    return toInt16(audio.blocks(), () => audio.dispose(), input);
  }
  const stdin = options.stdin ?? process.stdin;
  const reader = stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await readHead(reader, 12);
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WAVE') {
    return await throughFfmpeg(head, reader, blockSamples, options);
  }
  return reblock(withHead(head, reader), blockSamples, options.signal);
}

async function* toInt16(blocks: AsyncIterable<Float32Array>, dispose: () => Promise<void>, input: string): AsyncGenerator<Int16Array> {
  try {
    for await (const block of blocks) {
      const out = new Int16Array(block.length);
      for (let i = 0; i < block.length; i += 1) out[i] = Math.max(-32768, Math.min(32767, Math.round(block[i]! * 32768)));
      yield out;
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'aborted') return;
    // a file that goes bad half way (corrupt, cut off)
    throw new PcmInputError(`${input}: ${(error as Error).message}`);
  } finally {
    await dispose();
  }
}

async function readHead(reader: AsyncIterator<Buffer>, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const next = await reader.next();
    if (next.done) break;
    chunks.push(Buffer.from(next.value));
    length += next.value.length;
  }
  return Buffer.concat(chunks);
}

async function* withHead(head: Buffer, reader: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (let next = await reader.next(); !next.done; next = await reader.next()) yield Buffer.from(next.value);
}

/** Little-endian 16-bit samples out of byte chunks, `blockSamples` at a time (the last block may be shorter; an odd last byte is dropped). */
export async function* reblock(chunks: AsyncIterable<Uint8Array>, blockSamples: number, signal?: AbortSignal): AsyncGenerator<Int16Array> {
  const blockBytes = blockSamples * 2;
  let pending = Buffer.alloc(0);
  for await (const chunk of chunks) {
    if (signal?.aborted) return;
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
    let offset = 0;
    for (; offset + blockBytes <= pending.length; offset += blockBytes) yield samplesOf(pending, offset, blockSamples);
    pending = pending.subarray(offset);
  }
  if (pending.length >= 2 && !signal?.aborted) yield samplesOf(pending, 0, pending.length >> 1);
}

function samplesOf(bytes: Buffer, offset: number, count: number): Int16Array {
  const out = new Int16Array(count);
  for (let i = 0; i < count; i += 1) out[i] = bytes.readInt16LE(offset + 2 * i);
  return out;
}

async function throughFfmpeg(head: Buffer, reader: AsyncIterator<Buffer>, blockSamples: number, options: PcmInputOptions): Promise<AsyncIterable<Int16Array>> {
  const ffmpegPath = options.ffmpegPath ?? 'ffmpeg';
  if (!(await ffmpegAvailable(ffmpegPath))) {
    throw new PcmInputError('WAV on stdin is converted to the session\'s rate with ffmpeg, which was not found: install ffmpeg, or send raw s16le mono PCM at the session\'s rate');
  }
  const args = ['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'error', '-f', 'wav', '-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', String(options.sampleRate), 'pipe:1'];
  const child = spawn(ffmpegPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  // read from the start: Node discards the unread output of a child that exits before anyone listens to it, and the
  // blocks are only asked for once the session's connection is ready
  const output = child.stdout.pipe(new PassThrough({ highWaterMark: 1 << 20 }));
  let log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => (log = (log + text).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const kill = () => child.kill('SIGKILL');
  options.signal?.addEventListener('abort', kill, { once: true });
  // stdin into ffmpeg, with back-pressure; a broken pipe (ffmpeg gave up) is reported by its exit code
  child.stdin.on('error', () => {});
  void (async () => {
    for await (const chunk of withHead(head, reader)) {
      if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve));
      if (child.exitCode !== null || options.signal?.aborted) break;
    }
    child.stdin.end();
  })().catch(() => child.stdin.destroy());
  return (async function* () {
    try {
      yield* reblock(output, blockSamples, options.signal);
      const code = await exited;
      if (code !== 0 && !options.signal?.aborted) throw new PcmInputError(`ffmpeg could not read the WAV on stdin (exit ${code}): ${log.trim() || 'no message'}`);
    } finally {
      options.signal?.removeEventListener('abort', kill);
      if (child.exitCode === null) kill();
    }
  })();
}
