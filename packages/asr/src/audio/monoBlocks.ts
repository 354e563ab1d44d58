import { abortedError, AudioDecodeError } from './AudioDecodeError.ts';
import { BlockSplitter } from './BlockSplitter.ts';
import { downmix } from './downmix.ts';
import { Resampler, type ResamplerOptions } from './Resampler.ts';
import type { DecodedAudio, StreamDecoder } from './StreamDecoder.ts';

/** Options for {@link monoBlocks}. */
export interface MonoBlocksOptions {
  /** Output rate in Hz. */
  readonly sampleRate: number;
  /** Samples per output block; every block but the last has exactly this many. */
  readonly blockSamples: number;
  readonly resampler?: ResamplerOptions;
  /** Format name put on errors. */
  readonly format?: string;
  readonly signal?: AbortSignal;
}

// Rates outside this range are header damage, and a tiny one would make the resampler's output explode.
const MIN_RATE = 1000;
const MAX_RATE = 1_536_000;

/**
 * Turns decoded planar PCM into mono blocks at `sampleRate`: averages the channels, resamples with a
 * band-limited {@link Resampler} (a new one if the source rate changes mid-stream), and regroups into blocks of
 * `blockSamples`. Memory stays bounded by one input chunk plus one block. Rejects with `empty` when the
 * stream holds no samples at all (silence is samples: it is not empty).
 */
export async function* monoBlocks(decoded: AsyncIterable<DecodedAudio>, options: MonoBlocksOptions): AsyncGenerator<Float32Array, void> {
  const { sampleRate, signal, format } = options;
  const splitter = new BlockSplitter(options.blockSamples);
  let resampler: Resampler | undefined;
  let total = 0;
  for await (const chunk of decoded) {
    if (signal?.aborted) throw abortedError(signal, format);
    if (chunk.samplesDecoded === 0) continue;
    if (chunk.sampleRate < MIN_RATE || chunk.sampleRate > MAX_RATE || !Number.isInteger(chunk.sampleRate)) {
      throw new AudioDecodeError('corrupt', `The file is damaged: it claims a sample rate of ${chunk.sampleRate} Hz.`, format === undefined ? undefined : { format });
    }
    total += chunk.samplesDecoded;
    if (resampler?.fromRate !== chunk.sampleRate) {
      if (resampler !== undefined) yield* splitter.push(resampler.flush());
      resampler = new Resampler(chunk.sampleRate, sampleRate, options.resampler);
    }
    yield* splitter.push(resampler.process(downmix(chunk.channelData, chunk.samplesDecoded)));
  }
  if (total === 0) {
    throw new AudioDecodeError('empty', 'The file contains no audio samples.', format === undefined ? undefined : { format });
  }
  if (resampler !== undefined) yield* splitter.push(resampler.flush());
  const last = splitter.flush();
  if (last !== undefined) yield last;
}

/**
 * Feeds `chunks` (the file's bytes in order) through `decoder` and yields what it decodes, ending with its
 * `flush()`. Stops with `aborted` between chunks once `signal` fires. Does not free the decoder.
 */
export async function* decodeChunks(
  decoder: StreamDecoder,
  chunks: AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<DecodedAudio, void> {
  for await (const chunk of chunks) {
    if (signal?.aborted) throw abortedError(signal, decoder.format);
    yield await decoder.decode(chunk);
  }
  if (signal?.aborted) throw abortedError(signal, decoder.format);
  yield await decoder.flush();
}
