const SIGNATURES: readonly (readonly [readonly number[], string])[] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or an Office document)'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'a program (ELF executable)'],
  [[0x42, 0x4d], 'a BMP image'],
];

/**
 * Names what a non-audio file most likely is ("a PNG image", "a text file"), for error messages,
 * or returns undefined when the bytes say nothing recognisable.
 */
export function describeNonAudio(head: Uint8Array): string | undefined {
  for (const [magic, what] of SIGNATURES) {
    if (magic.every((b, i) => head[i] === b)) return what;
  }
  if (head.length >= 12 && String.fromCharCode(...head.subarray(8, 12)) === 'WEBP') return 'a WebP image';
  return looksLikeText(head) ? 'a text file' : undefined;
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  const sample = head.subarray(0, 4096);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, trimPartialUtf8(sample)));
  } catch {
    return false;
  }
  for (const b of sample) {
    // control characters other than tab, newline, carriage return and form feed do not occur in text
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
  }
  return true;
}

// the 4 KiB cut may split a multi-byte character; validate only up to the last complete one
function trimPartialUtf8(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + need <= bytes.length ? bytes.length : i;
  }
  return bytes.length;
}
