import { AudioDecodeError } from './AudioDecodeError.ts';
import { type AudioFormat, audioFormats } from './audioFormats.ts';
import { lastOggPage } from './oggPages.ts';
import { type ProbedStreamInfo, readStreamInfo } from './readStreamInfo.ts';
import { type DecodedAudio, noAudio, type StreamDecoder, type StreamInfo } from './StreamDecoder.ts';

/** The formats a bundled WASM decoder reads. */
export type WasmAudioFormat = 'flac' | 'ogg-flac' | 'mp3' | 'ogg-vorbis' | 'ogg-opus';

// What the four @wasm-audio-decoders libraries have in common.
interface LibResult {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: { message: string; outputSamples: number }[];
}
interface LibDecoder {
  readonly ready: Promise<void>;
  decode(data: Uint8Array): LibResult | Promise<LibResult>;
  flush?(): Promise<LibResult>;
  free(): void;
}

// the largest Ogg page is 65,307 bytes; keep a little more so the last page is always whole in the tail
const OGG_TAIL = 70_000;
// MP3 frame counts in Xing/VBRI headers may be off by the info frame itself
const MP3_SLACK = 1152;

/** Options of {@link createWasmDecoder}. */
export interface WasmDecoderOptions {
  /**
   * The file's first bytes, read for its stated length (STREAMINFO, Xing, the Ogg identification header) when the
   * first chunk given to `decode` may be shorter than the headers (say, an MP3 behind a large ID3 tag).
   */
  readonly head?: Uint8Array;
}

/** True when `format` is decoded by a bundled WASM decoder. */
export function isWasmFormat(format: AudioFormat): format is WasmAudioFormat {
  return audioFormats[format].decoder === 'wasm';
}

/**
 * Creates the incremental decoder for a FLAC, MP3, Ogg Vorbis or Ogg Opus stream (the libraries are loaded on
 * first use). Decoder errors are not skipped over: the first damaged frame rejects with `corrupt`, and a file that
 * stops before the length its headers state (FLAC STREAMINFO, MP3 Xing/Info, Ogg end-of-stream page) rejects with
 * `truncated`, so no partial result passes for a complete one.
 */
export async function createWasmDecoder(format: WasmAudioFormat, options: WasmDecoderOptions = {}): Promise<StreamDecoder> {
  let lib: LibDecoder;
  try {
    lib = await loadLibrary(format);
    await lib.ready;
  } catch (cause) {
    throw new AudioDecodeError('corrupt', `The ${audioFormats[format].label} decoder could not start: ${messageOf(cause)}`, { format, cause });
  }
  const decoder = new WasmDecoder(format, lib);
  if (options.head !== undefined) decoder.probe(options.head);
  return decoder;
}

async function loadLibrary(format: WasmAudioFormat): Promise<LibDecoder> {
  switch (format) {
    case 'flac':
    case 'ogg-flac':
      return new (await import('@wasm-audio-decoders/flac')).FLACDecoder();
    case 'mp3':
      return new (await import('mpg123-decoder')).MPEGDecoder();
    case 'ogg-vorbis':
      return new (await import('@wasm-audio-decoders/ogg-vorbis')).OggVorbisDecoder();
    case 'ogg-opus':
      return new (await import('ogg-opus-decoder')).OggOpusDecoder();
  }
}

class WasmDecoder implements StreamDecoder {
  readonly format: WasmAudioFormat;
  readonly #lib: LibDecoder;
  readonly #ogg: boolean;
  #probe: ProbedStreamInfo | undefined;
  #tail = new Uint8Array(0);
  #decoded = 0;
  #rate = 0;
  #freed = false;

  constructor(format: WasmAudioFormat, lib: LibDecoder) {
    this.format = format;
    this.#lib = lib;
    this.#ogg = format.startsWith('ogg');
  }

  get info(): StreamInfo {
    const p = this.#probe;
    return { sampleRate: p?.sampleRate ?? (this.#rate || undefined), channels: p?.channels, durationSeconds: p?.durationSeconds };
  }

  /** Reads the stated length from the file's first bytes, before (and instead of from) the first chunk. */
  probe(head: Uint8Array): void {
    this.#probe = readStreamInfo(head, this.format);
  }

  async decode(chunk: Uint8Array): Promise<DecodedAudio> {
    if (chunk.length === 0) return noAudio;
    this.#probe ??= readStreamInfo(chunk, this.format);
    if (this.#ogg) this.#keepTail(chunk);
    let result: LibResult;
    try {
      result = await this.#lib.decode(chunk);
    } catch (cause) {
      throw this.#corrupt(messageOf(cause), cause);
    }
    return this.#accept(result);
  }

  async flush(): Promise<DecodedAudio> {
    let last: DecodedAudio = noAudio;
    if (this.#lib.flush !== undefined) {
      let result: LibResult;
      try {
        result = await this.#lib.flush();
      } catch (cause) {
        throw this.#corrupt(messageOf(cause), cause);
      }
      last = this.#accept(result);
    }
    this.#checkComplete();
    return last;
  }

  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    try {
      this.#lib.free();
    } catch {
      // a decoder that failed half-way may have nothing left to free
    }
  }

  #accept(result: LibResult): DecodedAudio {
    const error = result.errors[0];
    if (error !== undefined) {
      const at = this.#rate > 0 ? ` about ${seconds((error.outputSamples || this.#decoded) / this.#rate)} in` : '';
      throw this.#corrupt(`a frame${at} could not be decoded (${error.message})`);
    }
    if (result.samplesDecoded === 0) return noAudio;
    this.#rate = result.sampleRate;
    this.#decoded += result.samplesDecoded;
    return { channelData: result.channelData, samplesDecoded: result.samplesDecoded, sampleRate: result.sampleRate };
  }

  #checkComplete(): void {
    const label = audioFormats[this.format].label;
    const got = this.#rate > 0 ? seconds(this.#decoded / this.#rate) : '0 s';
    const expected = this.#probe?.totalSamples;
    const slack = this.format === 'mp3' ? MP3_SLACK : 0;
    if (expected !== undefined && this.#decoded > 0 && this.#decoded + slack < expected) {
      const rate = this.#probe?.sampleRate ?? this.#rate;
      throw this.#truncated(`the ${label} header says ${seconds(expected / rate)} of audio but the file ends after ${got}`);
    }
    if (this.#ogg && this.#decoded > 0) {
      const page = lastOggPage(this.#tail);
      if (page === undefined) throw this.#truncated(`the ${label} file ends in the middle of a page, after ${got} of audio`);
      if (!page.endOfStream) throw this.#truncated(`the ${label} file ends without its end-of-stream page, after ${got} of audio`);
    }
  }

  #keepTail(chunk: Uint8Array): void {
    if (chunk.length >= OGG_TAIL) {
      // a copy (Buffer#slice would be a view of the caller's memory)
      this.#tail = new Uint8Array(chunk.subarray(chunk.length - OGG_TAIL));
      return;
    }
    const keep = Math.min(this.#tail.length, OGG_TAIL - chunk.length);
    const tail = new Uint8Array(keep + chunk.length);
    tail.set(this.#tail.subarray(this.#tail.length - keep));
    tail.set(chunk, keep);
    this.#tail = tail;
  }

  #corrupt(why: string, cause?: unknown): AudioDecodeError {
    const label = audioFormats[this.format].label;
    return new AudioDecodeError('corrupt', `The ${label} file is damaged: ${why}.`, { format: this.format, cause });
  }

  #truncated(why: string): AudioDecodeError {
    return new AudioDecodeError('truncated', `The file is incomplete: ${why}.`, { format: this.format });
  }
}

function seconds(s: number): string {
  return `${s.toFixed(2)} s`;
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
