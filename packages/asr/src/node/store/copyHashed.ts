import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Copies `from` to a new file `to` (refusing to replace one) and returns the sha256 and size of the bytes copied, read
 * once: what the store records is what it wrote, even if the source changes meanwhile.
 */
export async function copyHashed(from: string, to: string, onBytes: (n: number) => void, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), tap, createWriteStream(to, { flags: 'wx' }), { signal });
  return { sha256: hash.digest('hex'), size };
}
