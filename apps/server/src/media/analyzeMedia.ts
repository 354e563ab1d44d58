import { AudioDecodeError, openAudio } from '@verbatim/asr';
import { MediaError } from './MediaError.ts';
import { PEAKS_SAMPLE_RATE, PeaksBuilder, type WaveformPeaks } from './WaveformPeaks.ts';

/** What decoding a stored file tells about it. */
export interface MediaAnalysis {
  /** Length of the decoded audio, in seconds. */
  readonly durationSeconds: number;
  /** The file's own sample rate (0 when the decoder could not tell). */
  readonly sampleRate: number;
  /** The file's channels (0 when the decoder could not tell). */
  readonly channels: number;
  readonly peaks: WaveformPeaks;
}

/**
 * Decodes the whole file once, streaming (memory bounded by one decoded block and two bytes per peaks pixel),
 * to check that it really is the audio its header claims, measure its duration and compute its waveform peaks.
 *
 * @throws {MediaError} `empty-file` (a header without samples), `invalid-audio` (truncated or corrupt; the
 *   decoder's message), `unsupported-format` (a format nothing here decodes, or one needing ffmpeg when it is
 *   not installed). Cancellation rejects with the decoder's `aborted` error.
 */
export async function analyzeMedia(path: string, displayName: string, signal?: AbortSignal): Promise<MediaAnalysis> {
  try {
    const audio = await openAudio(path, { sampleRate: PEAKS_SAMPLE_RATE, blockSeconds: 5, ...(signal && { signal }) });
    const peaks = new PeaksBuilder(PEAKS_SAMPLE_RATE);
    try {
      for await (const block of audio.blocks()) peaks.push(block);
    } finally {
      await audio.dispose();
    }
    if (peaks.samples === 0) throw new AudioDecodeError('empty', 'The file holds no audio samples.');
    return {
      durationSeconds: peaks.samples / PEAKS_SAMPLE_RATE,
      sampleRate: audio.sourceSampleRate,
      channels: audio.channels,
      peaks: peaks.finish(),
    };
  } catch (error) {
    if (!(error instanceof AudioDecodeError)) throw error;
    switch (error.code) {
      case 'aborted':
        throw error;
      case 'empty':
        throw new MediaError('empty-file', `"${displayName}" holds no audio: ${error.message}`, { cause: error });
      case 'unsupported-format':
      case 'needs-ffmpeg':
        throw new MediaError('unsupported-format', `"${displayName}" was refused: ${error.message}`, { cause: error });
      case 'truncated':
      case 'corrupt':
        throw new MediaError('invalid-audio', `"${displayName}" cannot be decoded: ${error.message}`, { cause: error });
    }
  }
}
