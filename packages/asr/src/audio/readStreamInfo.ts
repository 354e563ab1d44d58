import type { AudioFormat } from './audioFormats.ts';
import { id3TagLength } from './detectFormat.ts';
import { findMpegFrame, parseMpegFrameHeader } from './mpegFrameHeader.ts';
import type { StreamInfo } from './StreamDecoder.ts';

/** {@link StreamInfo} plus what a decoder needs to tell a complete file from a cut-off one. */
export interface ProbedStreamInfo extends StreamInfo {
  /** Samples per channel the file should decode to, at the decoded rate, when the headers say. */
  readonly totalSamples: number | undefined;
  /** For Ogg: seconds = (granule − granuleOffset) / granuleRate. */
  readonly granuleRate: number | undefined;
  readonly granuleOffset: number;
}

const NOTHING: ProbedStreamInfo = {
  sampleRate: undefined,
  channels: undefined,
  durationSeconds: undefined,
  totalSamples: undefined,
  granuleRate: undefined,
  granuleOffset: 0,
};

/**
 * Reads the stream parameters from the first bytes of a compressed file (FLAC STREAMINFO, the Vorbis/Opus
 * identification header, the first MPEG frame with its Xing/Info/VBRI and LAME tags). Fields the bytes do
 * not state are undefined; malformed headers yield undefined fields rather than an error (the decoder decides).
 */
export function readStreamInfo(head: Uint8Array, format: AudioFormat): ProbedStreamInfo {
  switch (format) {
    case 'flac':
      return flacInfo(head, id3TagLength(head) + 8);
    case 'ogg-flac':
      return withGranule(flacInfo(head, firstPacket(head) + 17), 0);
    case 'ogg-vorbis': {
      const p = firstPacket(head);
      if (p + 16 > head.length) return NOTHING;
      const sampleRate = u32le(head, p + 12);
      return { ...NOTHING, sampleRate: sampleRate || undefined, channels: head[p + 11] || undefined, granuleRate: sampleRate || undefined };
    }
    case 'ogg-opus': {
      const p = firstPacket(head);
      if (p + 19 > head.length) return NOTHING;
      return { ...NOTHING, sampleRate: 48000, channels: head[p + 9] || undefined, granuleRate: 48000, granuleOffset: head[p + 10]! | (head[p + 11]! << 8) };
    }
    case 'mp3':
      return mp3Info(head);
    default:
      return NOTHING;
  }
}

function flacInfo(head: Uint8Array, streamInfo: number): ProbedStreamInfo {
  const s = streamInfo;
  if (s < 8 || s + 18 > head.length || ((head[s - 4] ?? 1) & 0x7f) !== 0) return NOTHING;
  const sampleRate = (head[s + 10]! << 12) | (head[s + 11]! << 4) | (head[s + 12]! >> 4);
  const channels = ((head[s + 12]! >> 1) & 7) + 1;
  const total = (head[s + 13]! & 0x0f) * 2 ** 32 + u32be(head, s + 14);
  return {
    ...NOTHING,
    sampleRate: sampleRate || undefined,
    channels,
    totalSamples: total || undefined,
    durationSeconds: total && sampleRate ? total / sampleRate : undefined,
  };
}

function withGranule(info: ProbedStreamInfo, offset: number): ProbedStreamInfo {
  return { ...info, granuleRate: info.sampleRate, granuleOffset: offset };
}

function mp3Info(head: Uint8Array): ProbedStreamInfo {
  const start = findMpegFrame(head, id3TagLength(head));
  const h = start < 0 ? undefined : parseMpegFrameHeader(head, start);
  if (h === undefined) return NOTHING;
  const base = { ...NOTHING, sampleRate: h.sampleRate, channels: h.channels };
  const sideInfo = h.version === 1 ? (h.channels === 1 ? 17 : 32) : h.channels === 1 ? 9 : 17;
  let frames: number | undefined;
  let trim = 0;
  const x = start + 4 + sideInfo;
  const tag = ascii(head, x, 4);
  if ((tag === 'Xing' || tag === 'Info') && x + 8 <= head.length) {
    const flags = u32be(head, x + 4);
    let p = x + 8;
    if (flags & 1 && p + 4 <= head.length) frames = u32be(head, p);
    p += (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
    const encoder = ascii(head, p, 4);
    if ((encoder === 'LAME' || encoder === 'Lavf' || encoder === 'Lavc') && p + 24 <= head.length) {
      // encoder delay and padding (12 bits each), which a gapless decoder removes
      trim = ((head[p + 21]! << 4) | (head[p + 22]! >> 4)) + (((head[p + 22]! & 0x0f) << 8) | head[p + 23]!);
    }
  } else if (ascii(head, start + 36, 4) === 'VBRI' && start + 36 + 18 <= head.length) {
    frames = u32be(head, start + 36 + 14);
  }
  if (!frames) return base;
  const totalSamples = Math.max(0, frames * h.samplesPerFrame - trim);
  return { ...base, totalSamples, durationSeconds: totalSamples / h.sampleRate };
}

// offset of the first packet of an Ogg stream: right after the first page's segment table
function firstPacket(head: Uint8Array): number {
  return 27 + (head[26] ?? 0);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function u32le(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
}

function u32be(b: Uint8Array, o: number): number {
  return b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
}
