import type { AudioFormat } from './audioFormats.ts';

/** PCM a decoder produced from some input: one array per channel, each `samplesDecoded` long. */
export interface DecodedAudio {
  readonly channelData: readonly Float32Array[];
  readonly samplesDecoded: number;
  /** Rate of `channelData` in Hz (0 only when `samplesDecoded` is 0 and nothing is known yet). */
  readonly sampleRate: number;
}

/** What a file's headers say about its audio, as far as they say it. */
export interface StreamInfo {
  readonly sampleRate: number | undefined;
  readonly channels: number | undefined;
  /** Length of the audio in seconds, when the headers state it (WAV data size, FLAC STREAMINFO, Xing …). */
  readonly durationSeconds: number | undefined;
}

/**
 * An incremental decoder: the file's bytes go in chunk by chunk, planar PCM at the source rate comes out.
 * Errors are {@link AudioDecodeError}s. Call `free()` when done (also after an error) to release WASM memory.
 */
export interface StreamDecoder {
  readonly format: AudioFormat;
  /** What the headers say; filled in once the decoder has seen them. */
  readonly info: StreamInfo;
  /** Decodes the next bytes of the file; may return no samples while it waits for more. */
  decode(chunk: Uint8Array): Promise<DecodedAudio>;
  /** Ends the input: returns what is left, or rejects with `truncated` when the file stopped short. */
  flush(): Promise<DecodedAudio>;
  free(): void;
}

/** A {@link DecodedAudio} with no samples. */
export const noAudio: DecodedAudio = { channelData: [], samplesDecoded: 0, sampleRate: 0 };
