import { open } from 'node:fs/promises';
import { AudioDecodeError } from '../../audio/AudioDecodeError.ts';
import { type AudioFormat, audioFormats } from '../../audio/audioFormats.ts';
import { declaredContainerBytes } from '../../audio/declaredContainerBytes.ts';
import { notAudioError } from '../../audio/notAudioError.ts';
import { lastOggPage } from '../../audio/oggPages.ts';
import { readStreamInfo } from '../../audio/readStreamInfo.ts';
import { WavDecoder } from '../../audio/wav.ts';
import { detectFileFormat } from './detectFileFormat.ts';

/** What a file's headers say about its audio, read without decoding any of it. */
export interface AudioProbe {
  readonly format: AudioFormat;
  /** Size of the file. */
  readonly bytes: number;
  /** The stream's own sample rate, when the headers say. */
  readonly sampleRate: number | undefined;
  readonly channels: number | undefined;
  /**
   * Length the headers state (WAV data size, FLAC STREAMINFO, MP3 Xing/Info/VBRI, the granule of an Ogg stream's
   * last page). Undefined when only decoding would tell: formats decoded by ffmpeg (whose container length
   * `openAudio` reports as `durationSeconds` before the first block), streamed WAV or FLAC, MP3 without a tag.
   */
  readonly durationSeconds: number | undefined;
}

const HEAD_BYTES = 256 * 1024;
// the largest Ogg page is 65,307 bytes
const TAIL_BYTES = 70_000;

/**
 * Reads the headers of an audio or video file (its first 256 KiB and, for Ogg, its last 70 kB) and says what they
 * promise, so that a caller can refuse a file by its stated length before spending anything on decoding it. A
 * header that promises more than the file holds is refused here, before any decoding: a WAV data chunk, a CAF data
 * chunk or an ASF (WMA) file size past the end of the file, an Ogg Vorbis/Opus/FLAC stream without its
 * end-of-stream page. (A FLAC or MP3 that stops short of its stated length is refused by the decoder, at the end.)
 *
 * @throws {AudioDecodeError} `empty`, `unsupported-format` (not audio), `truncated`, `corrupt` (a WAV header that
 *   contradicts itself). A missing file rejects with Node's own error.
 * @example
 * ```ts
 * const probe = await probeAudio('upload.flac');
 * if ((probe.durationSeconds ?? 0) > 6 * 3600) refuse();
 * ```
 */
export async function probeAudio(path: string): Promise<AudioProbe> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size === 0) throw new AudioDecodeError('empty', 'The file is empty (0 bytes).');
    const head = new Uint8Array(Math.min(size, HEAD_BYTES));
    await file.read(head, 0, head.length, 0);
    const format = await detectFileFormat(file, head, size);
    const route = audioFormats[format].decoder;
    if (route === 'none') throw notAudioError(head, format);
    checkDeclaredBytes(head, format, size);
    const base = { format, bytes: size };
    if (route === 'wav') return { ...base, ...wavInfo(head, size) };
    if (route === 'ffmpeg') return { ...base, sampleRate: undefined, channels: undefined, durationSeconds: undefined };
    const info = readStreamInfo(head, format);
    let durationSeconds = info.durationSeconds;
    if (format.startsWith('ogg-')) {
      const tail = new Uint8Array(Math.min(size, TAIL_BYTES));
      await file.read(tail, 0, tail.length, size - tail.length);
      const page = lastOggPage(tail);
      const label = audioFormats[format].label;
      if (page === undefined) throw truncated(`the ${label} file ends in the middle of a page`, format);
      if (!page.endOfStream) throw truncated(`the ${label} file ends without its end-of-stream page`, format);
      if (durationSeconds === undefined && info.granuleRate !== undefined && page.granule > 0n) {
        durationSeconds = Math.max(0, (Number(page.granule) - info.granuleOffset) / info.granuleRate);
      }
    }
    return { ...base, sampleRate: info.sampleRate, channels: info.channels, durationSeconds };
  } finally {
    await file.close();
  }
}

/**
 * Refuses a file whose container header states more bytes than it has (see `declaredContainerBytes`): ffmpeg
 * would decode such a cut-off CAF or WMA file as a shorter recording.
 *
 * @throws {AudioDecodeError} `truncated`.
 */
export function checkDeclaredBytes(head: Uint8Array, format: AudioFormat, size: number): void {
  const declared = declaredContainerBytes(head, format);
  if (declared === undefined || declared <= size) return;
  const bytes = (n: number) => n.toLocaleString('en-US');
  throw truncated(`the ${audioFormats[format].label} header says the file has ${bytes(declared)} bytes but it ends after ${bytes(size)}`, format);
}

function wavInfo(head: Uint8Array, size: number): Pick<AudioProbe, 'sampleRate' | 'channels' | 'durationSeconds'> {
  const wav = new WavDecoder({ totalBytes: size });
  try {
    // parses the header chunks (a data chunk past the end of the file throws `truncated` here) and converts at most the head
    wav.push(head);
  } catch (error) {
    // WAV holding compressed audio goes to ffmpeg, which will say what it makes of it
    if (error instanceof AudioDecodeError && error.code === 'unsupported-format') return { sampleRate: undefined, channels: undefined, durationSeconds: undefined };
    throw error;
  } finally {
    wav.free();
  }
  return wav.info;
}

function truncated(why: string, format: AudioFormat): AudioDecodeError {
  return new AudioDecodeError('truncated', `The file is incomplete: ${why}.`, { format });
}
