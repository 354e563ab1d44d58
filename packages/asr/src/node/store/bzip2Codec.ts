import type { Codec } from 'tar';
import unbzip2Stream from 'unbzip2-stream';

// unbzip2-stream decodes every block its buffered input completes inside one write; feeding it small slices bounds
// what one write can expand to (a block is at most 900 kB), so tar's decompression-ratio check and the store's size
// cap see the output before a hostile archive can fill memory.
const SLICE = 4096;

/**
 * bzip2 for `tar`'s readers (sherpa-onnx publishes its models as `.tar.bz2`): a streaming decoder, so a large archive
 * never sits in memory whole.
 */
export const bzip2Codec: Codec = {
  name: 'bzip2',
  headLength: 3,
  // "BZh": bzip2's magic
  detect: (head) => head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68,
  extensions: ['.tar.bz2', '.tbz2', '.tbz'],
  decompress: () => {
    const decoder = unbzip2Stream();
    let out: TransformStreamDefaultController<Uint8Array> | undefined;
    let failure: Error | undefined;
    decoder.on('data', (chunk: Buffer) => out?.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
    decoder.on('error', (err: Error) => {
      failure ??= new Error(`bzip2: ${err.message}`);
    });
    return new TransformStream<Uint8Array, Uint8Array>({
      start: (controller) => {
        out = controller;
      },
      transform: (chunk) => {
        for (let i = 0; i < chunk.length && failure === undefined; i += SLICE) {
          decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset + i, Math.min(SLICE, chunk.length - i)));
        }
        if (failure) throw failure;
      },
      flush: () => {
        decoder.end();
        if (failure) throw failure;
      },
    });
  },
};
