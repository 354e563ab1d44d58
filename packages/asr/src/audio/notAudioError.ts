import { AudioDecodeError } from './AudioDecodeError.ts';
import type { AudioFormat } from './audioFormats.ts';
import { describeNonAudio } from './describeNonAudio.ts';

/** The `unsupported-format` error for a file no decoder here reads, naming what its `head` looks like. */
export function notAudioError(head: Uint8Array, format: AudioFormat): AudioDecodeError {
  const what = describeNonAudio(head);
  return new AudioDecodeError(
    'unsupported-format',
    `This is not an audio file Verbatim can read${what === undefined ? '' : ` (it looks like ${what})`}. ` +
      'Supported: WAV, FLAC, MP3, Ogg Vorbis, Ogg Opus, and with ffmpeg installed M4A/AAC and video files.',
    { format },
  );
}
