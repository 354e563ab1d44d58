import { AudioDecodeError } from '@verbatim/asr';
import { MediaError } from './MediaError.ts';

/**
 * The {@link MediaError} a decoder's refusal of an upload becomes, with the file's name in front of the decoder's
 * own words. A cancellation (`aborted`) and anything that is not an `AudioDecodeError` are returned as they are.
 */
export function toMediaError(error: unknown, displayName: string): unknown {
  if (!(error instanceof AudioDecodeError)) return error;
  switch (error.code) {
    case 'aborted':
      return error;
    case 'empty':
      return new MediaError('empty-file', `"${displayName}" holds no audio: ${error.message}`, { cause: error });
    case 'unsupported-format':
    case 'needs-ffmpeg':
      return new MediaError('unsupported-format', `"${displayName}" was refused: ${error.message}`, { cause: error });
    case 'truncated':
      return new MediaError('truncated-file', `"${displayName}" is cut off: ${error.message} Upload the complete file.`, { cause: error });
    case 'corrupt':
      return new MediaError('invalid-audio', `"${displayName}" cannot be decoded: ${error.message}`, { cause: error });
  }
}
