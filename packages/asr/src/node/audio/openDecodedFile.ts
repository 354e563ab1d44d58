import type { FileHandle } from 'node:fs/promises';
import { AudioDecodeError } from '../../audio/AudioDecodeError.ts';
import { type AudioFormat, audioFormats } from '../../audio/audioFormats.ts';
import type { AudioProgress, AudioStream } from '../../audio/AudioStream.ts';
import { createAudioStream } from '../../audio/createAudioStream.ts';
import { decodeChunks, monoBlocks } from '../../audio/monoBlocks.ts';
import { lastOggPage } from '../../audio/oggPages.ts';
import { readStreamInfo } from '../../audio/readStreamInfo.ts';
import type { ResamplerOptions } from '../../audio/Resampler.ts';
import type { DecodedAudio, StreamDecoder } from '../../audio/StreamDecoder.ts';
import { readFileChunks } from './readFileChunks.ts';

/** Options for {@link openDecodedFile}. */
export interface DecodedFileOptions {
  readonly sampleRate: number;
  readonly blockSamples: number;
  readonly chunkBytes: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: AudioProgress) => void;
  readonly resampler?: ResamplerOptions;
}

const OGG_TAIL = 70_000;

/**
 * Streams an open file through an in-process decoder (WAV reader or WASM). Decodes up to the first samples
 * before returning, so the source rate is known and a file that is bad from the start fails here. On success
 * the stream owns `file` and `decoder`; on failure the caller still does (and must release them).
 */
export async function openDecodedFile(
  file: FileHandle,
  size: number,
  head: Uint8Array,
  decoder: StreamDecoder,
  options: DecodedFileOptions,
): Promise<AudioStream> {
  const { sampleRate, blockSamples, signal } = options;
  let bytesRead = 0;
  const chunks = readFileChunks(file, { chunkBytes: options.chunkBytes, head, signal, onBytes: (n) => (bytesRead = n) });
  const decoded = decodeChunks(decoder, chunks, signal);
  let first: DecodedAudio | undefined;
  for (;;) {
    const next = await decoded.next();
    if (next.done) break;
    if (next.value.samplesDecoded > 0) {
      first = next.value;
      break;
    }
  }
  const format = decoder.format;
  if (first === undefined) {
    throw new AudioDecodeError('empty', `The ${audioFormats[format].label} file contains no audio samples.`, { format });
  }
  let durationSeconds = decoder.info.durationSeconds;
  if (durationSeconds === undefined && format.startsWith('ogg')) durationSeconds = await oggDuration(file, size, head, format);

  return createAudioStream({
    format,
    sourceSampleRate: first.sampleRate,
    channels: decoder.info.channels ?? first.channelData.length,
    durationSeconds,
    sampleRate,
    blockSamples,
    blocks: monoBlocks(prepend(first, decoded), { sampleRate, blockSamples, format, signal, resampler: options.resampler }),
    release: async () => {
      decoder.free();
      await file.close();
    },
    fraction: () => bytesRead / size,
    signal,
    onProgress: options.onProgress,
  });
}

// an Ogg file states its length only in the granule position of its last page
async function oggDuration(file: FileHandle, size: number, head: Uint8Array, format: AudioFormat): Promise<number | undefined> {
  const info = readStreamInfo(head, format);
  if (info.granuleRate === undefined) return undefined;
  const length = Math.min(size, OGG_TAIL);
  const tail = new Uint8Array(length);
  await file.read(tail, 0, length, size - length);
  const page = lastOggPage(tail);
  if (page === undefined || page.granule < 0n) return undefined;
  const seconds = (Number(page.granule) - info.granuleOffset) / info.granuleRate;
  return seconds > 0 ? seconds : undefined;
}

async function* prepend<T>(first: T, rest: AsyncIterator<T, void>): AsyncGenerator<T, void> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}
