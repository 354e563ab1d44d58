import type { AudioFormat } from './audioFormats.ts';
import { findMpegFrame } from './mpegFrameHeader.ts';

const ASF_GUID = [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11];
const QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);
const M4A_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);

/**
 * Recognises an audio container/codec from a file's first bytes (magic numbers, never the extension).
 * Give it at least the first 4 KiB when the file has that many; with fewer bytes some formats (an Ogg stream's
 * codec, an MP3 behind a large ID3 tag) are recognised less precisely.
 *
 * @example
 * ```ts
 * detectFormat(new TextEncoder().encode('fLaC\0\0\0\x22')) // 'flac'
 * ```
 */
export function detectFormat(head: Uint8Array): AudioFormat {
  const tag = ascii(head, 0, 4);
  const sub = ascii(head, 8, 4);
  if (tag === 'RIFF' && sub === 'WAVE') return 'wav';
  if ((tag === 'RF64' || tag === 'BW64') && sub === 'WAVE') return 'rf64';
  if (tag === 'RIFF' && sub === 'AVI ') return 'avi';
  if (tag === 'riff' && head[4] === 0x2e && head[5] === 0x91 && head[6] === 0xcf && head[7] === 0x11) return 'w64';
  if (tag === 'fLaC') return 'flac';
  if (tag === 'OggS') return oggCodec(head);
  if (tag === 'FORM' && (sub === 'AIFF' || sub === 'AIFC')) return 'aiff';
  if (tag === 'caff') return 'caf';
  if (tag === '.snd') return 'au';
  if (tag === 'wvpk') return 'wavpack';
  if (tag === 'MAC ') return 'ape';
  if (tag === 'ADIF') return 'aac';
  if (ascii(head, 0, 5) === '#!AMR') return 'amr';
  if (ascii(head, 0, 3) === 'FLV' && head[3] === 1) return 'flv';
  if (ASF_GUID.every((b, i) => head[i] === b)) return 'wma';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return ascii(head, 0, Math.min(head.length, 64)).includes('webm') ? 'webm' : 'mkv';
  }
  const box = ascii(head, 4, 4);
  if (box === 'ftyp') {
    const brand = ascii(head, 8, 4);
    if (M4A_BRANDS.has(brand)) return 'm4a';
    if (brand === 'qt  ') return 'mov';
    if (brand.startsWith('3g')) return '3gp';
    return 'mp4';
  }
  if (QUICKTIME_ATOMS.has(box) && isPrintable(head, 4, 4)) return 'mov';
  if (head[0] === 0 && head[1] === 0 && head[2] === 1 && head[3] === 0xba) return 'mpeg-ps';
  if (head[0] === 0x47 && head[188] === 0x47 && (head.length <= 376 || head[376] === 0x47)) return 'mpeg-ts';
  if (ascii(head, 0, 3) === 'ID3') {
    const end = id3TagLength(head);
    // the audio behind an ID3 tag is nearly always MP3; look when the head reaches past the tag
    if (end < head.length - 4) {
      const inner = detectFormat(head.subarray(end));
      if (inner !== 'unknown') return inner;
    }
    return 'mp3';
  }
  if (head[0] === 0x0b && head[1] === 0x77) return 'ac3';
  if (isAdts(head)) return 'aac';
  if (findMpegFrame(head) >= 0) return 'mp3';
  return 'unknown';
}

/** Length in bytes of the ID3v2 tag at the start of `head` (header and footer included), or 0 when there is none. */
export function id3TagLength(head: Uint8Array): number {
  if (head.length < 10 || ascii(head, 0, 3) !== 'ID3') return 0;
  const size = ((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f);
  const footer = head[5]! & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

function oggCodec(head: Uint8Array): AudioFormat {
  // the first page carries exactly the codec's identification packet, right after the segment table
  const segments = head[26];
  if (segments === undefined) return 'ogg';
  const packet = 27 + segments;
  if (head[packet] === 1 && ascii(head, packet + 1, 6) === 'vorbis') return 'ogg-vorbis';
  if (ascii(head, packet, 8) === 'OpusHead') return 'ogg-opus';
  if (head[packet] === 0x7f && ascii(head, packet + 1, 4) === 'FLAC') return 'ogg-flac';
  return 'ogg';
}

function isAdts(head: Uint8Array): boolean {
  if (head[0] !== 0xff || ((head[1] ?? 0) & 0xf6) !== 0xf0) return false;
  const rateIndex = ((head[2] ?? 0) >> 2) & 0xf;
  const frameBytes = (((head[3] ?? 0) & 3) << 11) | ((head[4] ?? 0) << 3) | ((head[5] ?? 0) >> 5);
  if (rateIndex > 12 || frameBytes < 7) return false;
  // a second sync word one frame later rules out chance matches, when the head reaches that far
  if (frameBytes + 2 > head.length) return true;
  return head[frameBytes] === 0xff && ((head[frameBytes + 1] ?? 0) & 0xf6) === 0xf0;
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  let s = '';
  for (let i = offset; i < offset + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

function isPrintable(bytes: Uint8Array, offset: number, length: number): boolean {
  for (let i = offset; i < offset + length; i++) {
    const b = bytes[i];
    if (b === undefined || b < 0x20 || b > 0x7e) return false;
  }
  return true;
}
