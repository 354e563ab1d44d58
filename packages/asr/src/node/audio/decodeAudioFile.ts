import { readAllBlocks } from '../../audio/readAllBlocks.ts';
import { type OpenAudioOptions, openAudio } from './openAudio.ts';

/**
 * Decodes a whole (short) file to one mono float32 array at `options.sampleRate` (default 16000).
 * Built on {@link openAudio}, with the same formats and errors; for long files iterate `openAudio(…).blocks()`
 * instead, which keeps memory bounded.
 *
 * @example
 * ```ts
 * const samples = await decodeAudioFile('hello.flac'); // Float32Array at 16 kHz
 * ```
 */
export async function decodeAudioFile(path: string, options: OpenAudioOptions = {}): Promise<Float32Array> {
  return readAllBlocks((await openAudio(path, options)).blocks());
}
