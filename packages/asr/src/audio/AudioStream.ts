import type { AudioFormat } from './audioFormats.ts';

/**
 * An opened audio file, decoded lazily: `blocks()` yields mono float32 blocks at `sampleRate`, reading and
 * decoding the file as they are consumed, so a 90-minute file never sits in memory whole.
 * Iterate `blocks()` once; breaking out of the loop, an error, or `dispose()` releases the file, the WASM
 * decoder or the ffmpeg process. An iteration that ends without error has delivered the whole file.
 */
export interface AudioStream {
  readonly format: AudioFormat;
  /** Rate the file is decoded at, in Hz (0 when ffmpeg did not report it). */
  readonly sourceSampleRate: number;
  /** Channels in the file (0 when ffmpeg did not report it); the blocks are always mono. */
  readonly channels: number;
  /** Length in seconds when the headers state it; undefined when only decoding to the end would tell. */
  readonly durationSeconds: number | undefined;
  /** Rate of the blocks, in Hz. */
  readonly sampleRate: number;
  /** Samples per block; every block but the last has exactly this many. */
  readonly blockSamples: number;
  /** The audio as consecutive mono blocks. Rejects with an `AudioDecodeError` on bad input or cancellation. */
  blocks(): AsyncIterable<Float32Array>;
  /** Stops decoding and releases everything the stream holds. Safe to call more than once. */
  dispose(): Promise<void>;
}

/** Progress of decoding an {@link AudioStream}, reported after each block. */
export interface AudioProgress {
  /** Seconds of output delivered so far. */
  readonly decodedSeconds: number;
  /** Share of the file done, in [0, 1], when it can be told (bytes read, or seconds against a known duration). */
  readonly fraction: number | undefined;
}
