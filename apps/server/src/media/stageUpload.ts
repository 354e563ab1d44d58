import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AudioDecodeError, detectFormat, type AudioFormat } from '@verbatim/asr';
import { openAudio } from '@verbatim/asr/node';
import { MediaError } from './MediaError.ts';

/** An upload written to a temporary file, hashed, synced to disk and recognised as audio or video. */
export interface StagedUpload {
  readonly tempPath: string;
  /** Lower-case hex SHA-256 of the bytes. */
  readonly sha256: string;
  readonly bytes: number;
  readonly format: AudioFormat;
}

/** Options of {@link stageUpload}. */
export interface StageUploadOptions {
  /** Directory for the temporary file (on the blob store's file system). */
  readonly tempDir: string;
  /** Largest accepted file; one byte more and the upload stops with `file-too-large`. */
  readonly maxBytes: number;
  /** The client's name for the file, for error messages only. */
  readonly displayName: string;
  readonly signal?: AbortSignal;
}

// detectFormat wants the first 4 KiB when the file has that many
const HEAD_BYTES = 4096;

/**
 * Streams `chunks` into a new file in `tempDir` while hashing them, without holding more than a chunk in memory.
 * The format is decided from the first 4 KiB as soon as they have arrived, so a file that is not audio or video
 * is refused without reading the rest. On any failure the temporary file is deleted before the error propagates.
 *
 * @throws {MediaError} `file-too-large` as soon as `maxBytes` is crossed, `empty-file`, `unsupported-format`
 *   (naming what the file looks like, e.g. a PNG image).
 */
export async function stageUpload(chunks: AsyncIterable<Uint8Array>, options: StageUploadOptions): Promise<StagedUpload> {
  const { maxBytes, displayName, signal } = options;
  const tempPath = join(options.tempDir, `${crypto.randomUUID()}.part`);
  const file = await open(tempPath, 'wx');
  let closed = false;
  try {
    const hash = createHash('sha256');
    const head = new Uint8Array(HEAD_BYTES);
    let bytes = 0;
    let format: AudioFormat | undefined;
    for await (const chunk of chunks) {
      signal?.throwIfAborted();
      if (bytes + chunk.byteLength > maxBytes) {
        throw new MediaError('file-too-large', `"${displayName}" is larger than ${describeBytes(maxBytes)}, the largest upload this server accepts.`);
      }
      if (bytes < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - bytes), bytes);
      hash.update(chunk);
      await file.write(chunk);
      bytes += chunk.byteLength;
      if (format === undefined && bytes >= HEAD_BYTES) format = await recognise(head, tempPath, displayName);
    }
    if (bytes === 0) throw new MediaError('empty-file', `"${displayName}" is empty (0 bytes).`);
    format ??= await recognise(head.subarray(0, bytes), tempPath, displayName);
    await file.sync();
    await file.close();
    closed = true;
    return { tempPath, sha256: hash.digest('hex'), bytes, format };
  } catch (error) {
    if (!closed) await file.close().catch(() => {});
    await rm(tempPath, { force: true });
    throw error;
  }
}

async function recognise(head: Uint8Array, tempPath: string, displayName: string): Promise<AudioFormat> {
  const format = detectFormat(head);
  if (format !== 'unknown') return format;
  // the decoder's own refusal names what the bytes look like ("a PNG image"); it reads only the head already written
  let reason = 'it is not an audio or video format this server reads';
  try {
    const audio = await openAudio(tempPath);
    await audio.dispose();
  } catch (error) {
    if (error instanceof AudioDecodeError) reason = error.message.replace(/^This is not/, 'it is not').replace(/\.$/, '');
  }
  throw new MediaError('unsupported-format', `"${displayName}" was refused: ${reason}.`);
}

/** "1 GiB", "512 KiB", "1000 bytes". */
export function describeBytes(bytes: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}
