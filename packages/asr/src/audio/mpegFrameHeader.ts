/** What an MPEG audio (Layer I/II/III) frame header says. */
export interface MpegFrameHeader {
  /** 1 for MPEG-1, 2 for MPEG-2, 2.5 for MPEG-2.5. */
  readonly version: 1 | 2 | 2.5;
  readonly layer: 1 | 2 | 3;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  /** Frame length in bytes, padding included. */
  readonly frameBytes: number;
  /** PCM samples per channel the frame decodes to. */
  readonly samplesPerFrame: number;
}

// kbit/s by [MPEG-1 ? 0 : 1][layer - 1][index]; index 0 is "free format", which we do not accept.
const BITRATES: readonly (readonly (readonly number[])[])[] = [
  [
    [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  [
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
];
const SAMPLE_RATES = [44100, 48000, 32000] as const;

/** Parses the 4-byte MPEG audio frame header at `offset`, or returns undefined when the bytes are not one. */
export function parseMpegFrameHeader(bytes: Uint8Array, offset = 0): MpegFrameHeader | undefined {
  if (offset + 4 > bytes.length) return undefined;
  const b1 = bytes[offset + 1]!;
  const b2 = bytes[offset + 2]!;
  const b3 = bytes[offset + 3]!;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) {
    return undefined;
  }
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const kbps = BITRATES[version === 1 ? 0 : 1]![layer - 1]![bitrateIndex]!;
  const sampleRate = SAMPLE_RATES[rateIndex]! / (version === 1 ? 1 : version === 2 ? 2 : 4);
  const padding = (b2 >> 1) & 1;
  const channels = b3 >> 6 === 3 ? 1 : 2;
  const samplesPerFrame = layer === 1 ? 384 : layer === 3 && version !== 1 ? 576 : 1152;
  const frameBytes =
    layer === 1
      ? (Math.floor((12 * kbps * 1000) / sampleRate) + padding) * 4
      : Math.floor(((samplesPerFrame / 8) * kbps * 1000) / sampleRate) + padding;
  return { version, layer, sampleRate, channels, frameBytes, samplesPerFrame };
}

/**
 * Finds the first offset (searching up to `maxSearch` bytes) where an MPEG audio frame starts and, when the
 * bytes reach that far, the next frame starts right after it. Two frames in a row rule out chance matches.
 */
export function findMpegFrame(bytes: Uint8Array, start = 0, maxSearch = 8192): number {
  const end = Math.min(bytes.length - 3, start + maxSearch);
  for (let i = start; i < end; i++) {
    if (bytes[i] !== 0xff) continue;
    const header = parseMpegFrameHeader(bytes, i);
    if (header === undefined) continue;
    const next = i + header.frameBytes;
    if (next + 4 > bytes.length) {
      // the head ends inside the first frame: accept only a frame at the very start
      if (i === start) return i;
      continue;
    }
    if (parseMpegFrameHeader(bytes, next) !== undefined) return i;
  }
  return -1;
}
