import type { AudioFormat } from './audioFormats.ts';

// ASF File Properties Object GUID 8CABDCA1-A947-11CF-8EE4-00C00C205365, as stored (little-endian fields)
const ASF_FILE_PROPERTIES = [0xa1, 0xdc, 0xab, 0x8c, 0x47, 0xa9, 0xcf, 0x11, 0x8e, 0xe4, 0x00, 0xc0, 0x0c, 0x20, 0x53, 0x65];
const ASF_HEADER_PREFIX = 30;

/**
 * How many bytes a container's own header says the file has, for the containers whose headers state it and whose
 * decoders (ffmpeg) would otherwise decode a cut-off file without complaint: CAF (the `data` chunk's size) and
 * ASF/WMA (the File Properties Object's file size). Undefined when the head does not say (streamed or broadcast
 * files, a header larger than `head`, any other format).
 *
 * @example
 * ```ts
 * const declared = declaredContainerBytes(head, 'caf');
 * if (declared !== undefined && declared > fileSize) refuse('truncated');
 * ```
 */
export function declaredContainerBytes(head: Uint8Array, format: AudioFormat): number | undefined {
  if (format === 'caf') return cafBytes(head);
  if (format === 'wma') return asfBytes(head);
  return undefined;
}

// CAF: "caff", version, flags, then chunks of type (4) + size (int64 BE); a data size of -1 means "to the end"
function cafBytes(head: Uint8Array): number | undefined {
  let offset = 8;
  while (offset + 12 <= head.length) {
    const type = String.fromCharCode(...head.subarray(offset, offset + 4));
    const high = u32be(head, offset + 4);
    const size = high * 2 ** 32 + u32be(head, offset + 8);
    if (type === 'data') return high === 0xffffffff ? undefined : offset + 12 + size;
    if (high >= 0x80000000 || size > Number.MAX_SAFE_INTEGER) return undefined;
    offset += 12 + size;
  }
  return undefined;
}

// ASF: a header object (GUID, size, count, 2 reserved bytes) whose sub-objects include File Properties
function asfBytes(head: Uint8Array): number | undefined {
  let offset = ASF_HEADER_PREFIX;
  while (offset + 24 <= head.length) {
    const size = u32le(head, offset + 16) + u32le(head, offset + 20) * 2 ** 32;
    if (ASF_FILE_PROPERTIES.every((b, i) => head[offset + i] === b)) {
      if (offset + 104 > head.length) return undefined;
      // flags bit 0: broadcast, where the file size is not valid
      if ((head[offset + 88]! & 1) === 1) return undefined;
      const bytes = u32le(head, offset + 40) + u32le(head, offset + 44) * 2 ** 32;
      return bytes > 0 ? bytes : undefined;
    }
    if (size < 24) return undefined;
    offset += size;
  }
  return undefined;
}

function u32be(b: Uint8Array, o: number): number {
  return b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
}

function u32le(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
}
