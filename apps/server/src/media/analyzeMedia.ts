import { AudioDecodeError } from '@verbatim/asr';
import { openAudio } from '@verbatim/asr/node';
import { checkStatedLength, decodedTooLong, decodeLimitSeconds, type MediaLimits } from './MediaLimits.ts';
import { toMediaError } from './toMediaError.ts';
import { encodeWaveformDat } from './waveformDat.ts';
import { PEAKS_SAMPLE_RATE, PeaksBuilder } from './WaveformPeaks.ts';

/** What decoding a stored file tells about it. */
export interface MediaAnalysis {
  /** Length of the decoded audio, in seconds. */
  readonly durationSeconds: number;
  /** The file's own sample rate (0 when the decoder could not tell). */
  readonly sampleRate: number;
  /** The file's channels (0 when the decoder could not tell). */
  readonly channels: number;
  /** The waveform peaks in the audiowaveform binary layout (`encodeWaveformDat`), at most `MAX_PEAK_PIXELS` pixels. */
  readonly peaks: Uint8Array<ArrayBuffer>;
}

/** Options of {@link analyzeMedia}. */
export interface AnalyzeMediaOptions {
  /** The file's name as the client sent it, for messages. */
  readonly displayName: string;
  /** Size of the file in bytes. */
  readonly fileBytes: number;
  readonly limits: MediaLimits;
}

/**
 * Decodes the whole file once, streaming (memory bounded by one decoded block and the capped peaks), to check that
 * it really is the audio its header claims, measure its duration and compute its waveform peaks. A container whose
 * length only ffmpeg reads is refused by that length before the first block; decoding that goes past
 * `decodeLimitSeconds` (a header that lied or said nothing) stops there and refuses the file. CPU-heavy: the server
 * runs it in a worker thread (`MediaAnalyzer`).
 *
 * @throws {MediaError} `empty-file` (a header without samples), `truncated-file`, `invalid-audio` (corrupt; the
 *   decoder's message), `unsupported-format` (a format nothing here decodes, or one needing ffmpeg when it is not
 *   installed), `audio-too-long`, `expansion-too-high`. Cancellation rejects with the decoder's `aborted` error.
 */
export async function analyzeMedia(path: string, options: AnalyzeMediaOptions, signal?: AbortSignal): Promise<MediaAnalysis> {
  const { displayName, fileBytes, limits } = options;
  try {
    const audio = await openAudio(path, { sampleRate: PEAKS_SAMPLE_RATE, blockSeconds: 5, ...(signal && { signal }) });
    const peaks = new PeaksBuilder(PEAKS_SAMPLE_RATE);
    try {
      checkStatedLength(audio.durationSeconds, fileBytes, limits, displayName);
      // a second of slack for resampler edges and headers that round down
      const limitSamples = Math.ceil((decodeLimitSeconds(fileBytes, limits) + 1) * PEAKS_SAMPLE_RATE);
      for await (const block of audio.blocks()) {
        peaks.push(block);
        if (peaks.samples > limitSamples) throw decodedTooLong(fileBytes, limits, displayName);
      }
    } finally {
      await audio.dispose();
    }
    if (peaks.samples === 0) throw new AudioDecodeError('empty', 'The file holds no audio samples.');
    return {
      durationSeconds: peaks.samples / PEAKS_SAMPLE_RATE,
      sampleRate: audio.sourceSampleRate,
      channels: audio.channels,
      peaks: encodeWaveformDat(peaks.finish()),
    };
  } catch (error) {
    throw toMediaError(error, displayName);
  }
}
