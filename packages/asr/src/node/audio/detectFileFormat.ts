import type { FileHandle } from 'node:fs/promises';
import type { AudioFormat } from '../../audio/audioFormats.ts';
import { detectFormat, id3TagLength } from '../../audio/detectFormat.ts';

/**
 * The format of an open file from its `head` (its first bytes), looking behind an ID3 tag larger than the head:
 * MP3 (rarely FLAC or AAC) files may start with one.
 */
export async function detectFileFormat(file: FileHandle, head: Uint8Array, size: number): Promise<AudioFormat> {
  const format = detectFormat(head);
  const tag = id3TagLength(head);
  if (tag === 0 || tag + 4 <= head.length - 4 || tag + 4 > size) return format;
  const after = new Uint8Array(Math.min(8192, size - tag));
  await file.read(after, 0, after.length, tag);
  const inner = detectFormat(after);
  return inner === 'unknown' ? format : inner;
}
