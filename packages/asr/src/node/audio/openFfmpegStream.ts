import { spawn } from 'node:child_process';
import { abortedError, AudioDecodeError } from '../../audio/AudioDecodeError.ts';
import { type AudioFormat, audioFormats } from '../../audio/audioFormats.ts';
import type { AudioProgress, AudioStream } from '../../audio/AudioStream.ts';
import { BlockSplitter } from '../../audio/BlockSplitter.ts';
import { createAudioStream } from '../../audio/createAudioStream.ts';
import { ffmpegAvailable } from './ffmpegAvailable.ts';
import { downmixInterleaved } from '../../audio/downmix.ts';
import { ffmpegFailure, parseFfmpegInput, parseFfmpegOutputChannels } from './parseFfmpegLog.ts';

/** Options for {@link openFfmpegStream}. */
export interface FfmpegStreamOptions {
  readonly sampleRate: number;
  readonly blockSamples: number;
  readonly ffmpegPath: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: AudioProgress) => void;
  /** Exact length from the file's own header (FLAC STREAMINFO): a decode shorter than this is a cut-off file. */
  readonly exactSeconds?: number;
}

// containers whose stated duration comes from an index, so a much shorter decode means a cut-off file
const INDEXED = new Set<AudioFormat>(['m4a', 'mp4', 'mov', '3gp', 'mkv', 'webm', 'wma', 'caf', 'aiff', 'w64', 'au', 'avi', 'wavpack', 'ape']);
const LOG_HEAD = 32 * 1024;
const LOG_TAIL = 16 * 1024;

/**
 * Decodes a file through the system ffmpeg (`ffmpeg -nostdin -i <file> -f f32le -ar <rate> -`), which resamples;
 * the channels are averaged here, as for every other format (ffmpeg's own `-ac 1` mixes stereo at -3 dB each,
 * which would make the same recording louder as M4A than as WAV). stdout is read as it comes, so memory stays
 * bounded. Waits until ffmpeg has opened the input and set up its output, so a file ffmpeg cannot read fails here
 * rather than on the first block. Aborting kills ffmpeg.
 */
export async function openFfmpegStream(path: string, format: AudioFormat, options: FfmpegStreamOptions): Promise<AudioStream> {
  const { sampleRate, blockSamples, ffmpegPath, signal } = options;
  const label = audioFormats[format].label;
  if (!(await ffmpegAvailable(ffmpegPath))) {
    throw new AudioDecodeError(
      'needs-ffmpeg',
      `This file is ${label}, which is decoded with ffmpeg, but ffmpeg was not found (looked for "${ffmpegPath}"). ` +
        'Install ffmpeg (for example `apt install ffmpeg` or `brew install ffmpeg`), or convert the file to WAV, FLAC, MP3 or Ogg.',
      { format },
    );
  }
  if (signal?.aborted) throw abortedError(signal, format);

  const args = ['-nostdin', '-hide_banner', '-nostats', '-i', path, '-vn', '-sn', '-dn', '-f', 'f32le', '-ar', String(sampleRate), '-'];
  const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let logHead = '';
  let logTail = '';
  const log = (): string => (logTail.length > 0 ? `${logHead}\n…\n${logTail}` : logHead);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      logTail += `\n${error.message}`;
      exitCode ??= null;
      resolve();
    });
    child.once('close', (code) => {
      exitCode = code;
      resolve();
    });
  });
  const kill = (): void => {
    if (exitCode === undefined) child.kill('SIGKILL');
  };
  signal?.addEventListener('abort', kill, { once: true });

  let isOpen = false;
  let opened: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    opened = resolve;
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (logHead.length < LOG_HEAD) logHead += text;
    else logTail = (logTail + text).slice(-LOG_TAIL);
    if (!isOpen && parseFfmpegOutputChannels(logHead) !== undefined) {
      isOpen = true;
      opened();
    }
  });

  const release = async (): Promise<void> => {
    signal?.removeEventListener('abort', kill);
    kill();
    // 'close' waits for stdout to be drained or destroyed; nobody will read it now
    child.stdout.destroy();
    await exited;
  };
  await Promise.race([ready, exited]);
  if (signal?.aborted) {
    await release();
    throw abortedError(signal, format);
  }
  if (exitCode !== undefined && exitCode !== 0) {
    await release();
    throw ffmpegFailure(log(), exitCode, format);
  }

  const info = parseFfmpegInput(logHead);
  const outChannels = parseFfmpegOutputChannels(logHead);
  if (outChannels === undefined) {
    await release();
    throw new AudioDecodeError('corrupt', `ffmpeg did not say how many channels it decodes from the ${label} file.`, { format });
  }
  const channels = outChannels;
  const frameBytes = 4 * channels;
  async function* pcmBlocks(): AsyncGenerator<Float32Array, void> {
    const splitter = new BlockSplitter(blockSamples);
    let carry = new Uint8Array(0);
    let total = 0;
    for await (const data of child.stdout as AsyncIterable<Uint8Array>) {
      if (signal?.aborted) throw abortedError(signal, format);
      const bytes = carry.length === 0 ? data : concat(carry, data);
      const whole = bytes.length - (bytes.length % frameBytes);
      carry = new Uint8Array(bytes.subarray(whole));
      // copy into a fresh, aligned buffer; f32le matches the byte order of every platform Node supports
      const interleaved = new Float32Array(whole / 4);
      new Uint8Array(interleaved.buffer).set(bytes.subarray(0, whole));
      const samples = downmixInterleaved(interleaved, channels);
      total += samples.length;
      yield* splitter.push(samples);
    }
    await exited;
    if (signal?.aborted) throw abortedError(signal, format);
    if (exitCode !== 0) throw ffmpegFailure(log(), exitCode ?? null, format);
    if (total === 0) throw new AudioDecodeError('empty', `The ${label} file contains no audio samples.`, { format });
    const decoded = total / sampleRate;
    const stated = options.exactSeconds ?? info.durationSeconds;
    // an exact header length allows only the resampler's edge; an index-derived one is approximate
    const short = options.exactSeconds !== undefined ? decoded < options.exactSeconds - 0.02 : INDEXED.has(format) && decoded < (stated ?? 0) * 0.9 - 1;
    if (stated !== undefined && short) {
      throw new AudioDecodeError(
        'truncated',
        `The file is incomplete: the ${label} header says ${stated.toFixed(2)} s of audio but the file ends after ${decoded.toFixed(2)} s.`,
        { format },
      );
    }
    const last = splitter.flush();
    if (last !== undefined) yield last;
  }

  return createAudioStream({
    format,
    sourceSampleRate: info.sampleRate ?? 0,
    channels: info.channels ?? 0,
    durationSeconds: info.durationSeconds,
    sampleRate,
    blockSamples,
    blocks: pcmBlocks(),
    release,
    signal,
    onProgress: options.onProgress,
  });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
