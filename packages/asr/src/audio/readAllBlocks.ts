/**
 * Concatenates every block of a stream into one array (for short audio; long audio should be processed
 * block by block). Rejects as the stream does.
 *
 * @example
 * ```ts
 * const samples = await readAllBlocks((await openAudio(path)).blocks());
 * ```
 */
export async function readAllBlocks(blocks: AsyncIterable<Float32Array>): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  let length = 0;
  for await (const block of blocks) {
    parts.push(block);
    length += block.length;
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Float32Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
