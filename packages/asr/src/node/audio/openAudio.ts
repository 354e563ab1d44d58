import { open } from 'node:fs/promises';
import { abortedError, AudioDecodeError } from '../../audio/AudioDecodeError.ts';
import { type AudioFormat, audioFormats } from '../../audio/audioFormats.ts';
import type { AudioProgress, AudioStream } from '../../audio/AudioStream.ts';
import { notAudioError } from '../../audio/notAudioError.ts';
import type { ResamplerOptions } from '../../audio/Resampler.ts';
import type { StreamDecoder } from '../../audio/StreamDecoder.ts';
import { WavDecoder } from '../../audio/wav.ts';
import { createWasmDecoder, isWasmFormat } from '../../audio/WasmDecoder.ts';
import { readStreamInfo } from '../../audio/readStreamInfo.ts';
import { detectFileFormat } from './detectFileFormat.ts';
import { ffmpegAvailable } from './ffmpegAvailable.ts';
import { openDecodedFile } from './openDecodedFile.ts';
import { openFfmpegStream } from './openFfmpegStream.ts';
import { checkDeclaredBytes } from './probeAudio.ts';

/** Options for {@link openAudio} and `decodeAudioFile`. */
export interface OpenAudioOptions {
  /** Rate of the output blocks in Hz (the model's rate). Default 16000. */
  readonly sampleRate?: number;
  /** Length of each output block in seconds. Default 10. */
  readonly blockSeconds?: number;
  /** Cancels opening and decoding: reading stops, the decoder is freed, ffmpeg is killed, and the pending call rejects with `aborted`. */
  readonly signal?: AbortSignal;
  /** The ffmpeg command or path, used for M4A/AAC, video containers and other formats without a WASM decoder. Default `'ffmpeg'` (from PATH). */
  readonly ffmpegPath?: string;
  /** Called after each block with how far decoding has got. */
  readonly onProgress?: (progress: AudioProgress) => void;
  /** Filter design of the resampler (WAV and WASM-decoded formats; ffmpeg resamples itself). */
  readonly resampler?: ResamplerOptions;
}

const CHUNK_BYTES = 256 * 1024;
// A WASM decoder decodes a whole chunk in one call, and a hostile FLAC or Opus stream (tiny frames of silence behind
// a header that understates the length) expands a thousandfold and more: 4 KiB at a time (no slower than 256 KiB
// for MP3 or Opus) bounds what one call can produce before the caller's limit stops it to tens of MB.
const WASM_CHUNK_BYTES = 4 * 1024;

/**
 * Opens an audio or video file for streaming decode to mono float32 at `sampleRate`. The format is recognised
 * from the file's bytes, not its name: WAV/RF64 is read directly; FLAC, MP3, Ogg Vorbis and Ogg Opus go through
 * bundled WASM decoders; M4A/AAC, video containers and other formats go through the system ffmpeg when it is
 * installed (otherwise the call rejects with `needs-ffmpeg`, naming the format). Memory stays bounded by a file
 * chunk and a block, whatever the file's length.
 *
 * Rejects with an {@link AudioDecodeError}: `empty` (no bytes, or no samples), `unsupported-format` (not audio,
 * or a format nothing here reads), `needs-ffmpeg`, `corrupt`, `truncated` (a header announcing more than the
 * file holds) or `aborted`. Errors later in the file reject the iteration of `blocks()` the same way.
 * A missing or unreadable file rejects with Node's own error (`ENOENT`, `EACCES`).
 *
 * @example
 * ```ts
 * const audio = await openAudio('interview.mp3', { sampleRate: 16000, signal });
 * for await (const block of audio.blocks()) recognizer.accept(block);
 * ```
 */
export async function openAudio(path: string, options: OpenAudioOptions = {}): Promise<AudioStream> {
  const { sampleRate = 16000, blockSeconds = 10, signal, ffmpegPath = 'ffmpeg' } = options;
  if (!Number.isInteger(sampleRate) || sampleRate < 1000) throw new RangeError(`sampleRate must be an integer of at least 1000 Hz, got ${sampleRate}`);
  if (!(blockSeconds > 0)) throw new RangeError(`blockSeconds must be positive, got ${blockSeconds}`);
  const blockSamples = Math.max(1, Math.floor(blockSeconds * sampleRate));
  if (signal?.aborted) throw abortedError(signal);
  const ffmpegOptions = { sampleRate, blockSamples, ffmpegPath, signal, onProgress: options.onProgress };

  const file = await open(path, 'r');
  let owned = false;
  try {
    const { size } = await file.stat();
    if (size === 0) throw new AudioDecodeError('empty', 'The file is empty (0 bytes).');
    const head = new Uint8Array(Math.min(size, CHUNK_BYTES));
    await file.read(head, 0, head.length, 0);
    const format = await detectFileFormat(file, head, size);
    const route = audioFormats[format].decoder;
    if (route === 'none') throw notAudioError(head, format);
    checkDeclaredBytes(head, format, size);
    if (route === 'ffmpeg') return await openFfmpegStream(path, format, ffmpegOptions);
    // The WASM FLAC decoder (@wasm-audio-decoders/flac 0.2.11) drops a short final frame of some streams (seen with
    // 22.05 kHz files from sox), which the completeness check then reports as truncated: ffmpeg decodes FLAC fully.
    if (format === 'flac' && (await ffmpegAvailable(ffmpegPath))) {
      const exactSeconds = readStreamInfo(head, 'flac').durationSeconds;
      return await openFfmpegStream(path, format, { ...ffmpegOptions, exactSeconds });
    }
    let decoder: StreamDecoder | undefined;
    try {
      decoder = route === 'wav' ? new WavDecoder({ totalBytes: size }) : await createWasmDecoder(wasmFormat(format), { head });
      const stream = await openDecodedFile(file, size, head, decoder, {
        sampleRate,
        blockSamples,
        chunkBytes: route === 'wav' ? CHUNK_BYTES : WASM_CHUNK_BYTES,
        signal,
        onProgress: options.onProgress,
        resampler: options.resampler,
      });
      owned = true;
      return stream;
    } catch (error) {
      decoder?.free();
      // WAV files holding ADPCM, GSM or MP3 data: ffmpeg reads them when it is there
      if (error instanceof AudioDecodeError && error.code === 'unsupported-format' && route === 'wav' && (await ffmpegAvailable(ffmpegPath))) {
        return await openFfmpegStream(path, format, ffmpegOptions);
      }
      throw error;
    }
  } finally {
    if (!owned) await file.close().catch(() => {});
  }
}

function wasmFormat(format: AudioFormat): Parameters<typeof createWasmDecoder>[0] {
  if (!isWasmFormat(format)) throw new Error(`no WASM decoder for ${format}`);
  return format;
}
