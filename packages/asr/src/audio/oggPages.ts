/** The last page of an Ogg stream: its granule position and whether it ends the stream. */
export interface OggPageSummary {
  readonly granule: bigint;
  readonly endOfStream: boolean;
}

/**
 * Finds the Ogg page that ends exactly at the end of `tail` (the last bytes of a file; 64 KiB covers the
 * largest possible page). Undefined means the file does not end on a page boundary: it was cut off mid-page
 * or has something else appended.
 */
export function lastOggPage(tail: Uint8Array): OggPageSummary | undefined {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let o = tail.length - 27; o >= 0; o--) {
    if (tail[o] !== 0x4f || tail[o + 1] !== 0x67 || tail[o + 2] !== 0x67 || tail[o + 3] !== 0x53 || tail[o + 4] !== 0) continue;
    const segments = tail[o + 26]!;
    if (o + 27 + segments > tail.length) continue;
    let length = 27 + segments;
    for (let s = 0; s < segments; s++) length += tail[o + 27 + s]!;
    // a capture pattern inside packet data cannot end exactly at the end of the file by chance (almost)
    if (o + length !== tail.length) continue;
    return { granule: view.getBigInt64(o + 6, true), endOfStream: (tail[o + 5]! & 0x04) !== 0 };
  }
  return undefined;
}
