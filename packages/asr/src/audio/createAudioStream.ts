import { abortedError, AudioDecodeError } from './AudioDecodeError.ts';
import type { AudioFormat } from './audioFormats.ts';
import type { AudioProgress, AudioStream } from './AudioStream.ts';

/** What {@link createAudioStream} wraps: a block source, its cleanup, and what is known about the file. */
export interface AudioStreamSource {
  readonly format: AudioFormat;
  readonly sourceSampleRate: number;
  readonly channels: number;
  readonly durationSeconds: number | undefined;
  readonly sampleRate: number;
  readonly blockSamples: number;
  /** Mono blocks at `sampleRate`. Must check `signal` before each read or decode step. */
  readonly blocks: AsyncIterator<Float32Array, void>;
  /** Releases the file, decoder or process. Called once: on completion, error, break, abort or dispose. */
  readonly release: () => Promise<void> | void;
  /** Share of the input consumed so far, when the source can tell. */
  readonly fraction?: () => number | undefined;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: AudioProgress) => void;
}

/**
 * Builds an {@link AudioStream} over a block source: single-pass iteration, errors normalised to
 * {@link AudioDecodeError}, progress after each block, and release of the source's resources exactly once.
 * An abort while nobody is pulling releases at once; during a pull, the source stops at its next check.
 */
export function createAudioStream(source: AudioStreamSource): AudioStream {
  const { signal, format } = source;
  let released: Promise<void> | undefined;
  let pulling = false;
  let started = false;
  let disposed = false;
  const release = (): Promise<void> => {
    released ??= (async () => {
      signal?.removeEventListener('abort', onAbort);
      await source.release();
    })();
    return released;
  };
  const onAbort = (): void => {
    if (!pulling) void release();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  async function* blocks(): AsyncGenerator<Float32Array, void> {
    if (started) throw new Error('AudioStream.blocks() can be iterated only once');
    started = true;
    let delivered = 0;
    try {
      for (;;) {
        if (signal?.aborted) throw abortedError(signal, format);
        if (disposed) throw new AudioDecodeError('aborted', 'The audio stream was closed before it was read to the end.', { format });
        pulling = true;
        let next: IteratorResult<Float32Array, void>;
        try {
          next = await source.blocks.next();
        } finally {
          pulling = false;
        }
        if (next.done) break;
        delivered += next.value.length;
        source.onProgress?.({ decodedSeconds: delivered / source.sampleRate, fraction: fractionOf(source, delivered) });
        yield next.value;
      }
    } catch (error) {
      throw toDecodeError(error, signal, format);
    } finally {
      await release();
    }
  }

  return {
    format,
    sourceSampleRate: source.sourceSampleRate,
    channels: source.channels,
    durationSeconds: source.durationSeconds,
    sampleRate: source.sampleRate,
    blockSamples: source.blockSamples,
    blocks,
    async dispose() {
      disposed = true;
      await release();
    },
  };
}

function fractionOf(source: AudioStreamSource, delivered: number): number | undefined {
  const byBytes = source.fraction?.();
  if (byBytes !== undefined) return Math.min(1, byBytes);
  if (source.durationSeconds) return Math.min(1, delivered / source.sampleRate / source.durationSeconds);
  return undefined;
}

/** Whatever went wrong while decoding, as an {@link AudioDecodeError} (a fired signal wins). */
export function toDecodeError(error: unknown, signal: AbortSignal | undefined, format?: string): AudioDecodeError {
  if (error instanceof AudioDecodeError) return error;
  if (signal?.aborted) return abortedError(signal, format);
  const message = error instanceof Error ? error.message : String(error);
  return new AudioDecodeError('corrupt', `The file could not be decoded: ${message}.`, { ...(format === undefined ? {} : { format }), cause: error });
}
