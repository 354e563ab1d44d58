import type { FileHandle } from 'node:fs/promises';
import { abortedError } from '../../audio/AudioDecodeError.ts';

/** Options for {@link readFileChunks}. */
export interface ReadFileChunksOptions {
  /** Bytes per read. */
  readonly chunkBytes: number;
  /** Bytes already read from the start of the file; yielded first (in chunks of `chunkBytes`), then reading continues after them. */
  readonly head?: Uint8Array;
  /** Called with the running byte count after each chunk. */
  readonly onBytes?: (bytesRead: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Reads a file front to back in chunks. Every chunk is a fresh array (decoders may keep references to the
 * bytes they were given). Checks `signal` before each read and stops with `aborted`.
 */
export async function* readFileChunks(file: FileHandle, options: ReadFileChunksOptions): AsyncGenerator<Uint8Array, void> {
  const { chunkBytes, head, onBytes, signal } = options;
  let position = 0;
  if (head !== undefined) {
    // views of `head`, which nobody writes to
    for (; position < head.length; ) {
      const piece = head.subarray(position, position + chunkBytes);
      position += piece.length;
      onBytes?.(position);
      yield piece;
    }
  }
  for (;;) {
    if (signal?.aborted) throw abortedError(signal);
    const buffer = new Uint8Array(chunkBytes);
    const { bytesRead } = await file.read(buffer, 0, chunkBytes, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    onBytes?.(position);
    yield bytesRead === chunkBytes ? buffer : buffer.subarray(0, bytesRead);
  }
}
