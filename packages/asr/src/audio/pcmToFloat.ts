/** How one sample is stored in a PCM stream (little-endian). */
export type PcmEncoding = 'u8' | 's16' | 's24' | 's32' | 'f32' | 'f64' | 'alaw' | 'mulaw';

/** Bytes per sample for each {@link PcmEncoding}. */
export const pcmBytesPerSample: Readonly<Record<PcmEncoding, number>> = {
  u8: 1,
  s16: 2,
  s24: 3,
  s32: 4,
  f32: 4,
  f64: 8,
  alaw: 1,
  mulaw: 1,
};

let alawTable: Float32Array | undefined;
let mulawTable: Float32Array | undefined;

/**
 * Converts interleaved little-endian PCM frames to one float array per channel, scaled to [-1, 1).
 * `bytes.length` must be a whole number of frames (`channels × pcmBytesPerSample[encoding]`).
 */
export function pcmToFloat(bytes: Uint8Array, encoding: PcmEncoding, channels: number): Float32Array[] {
  const width = pcmBytesPerSample[encoding];
  const frames = Math.floor(bytes.length / (width * channels));
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const table = encoding === 'alaw' ? (alawTable ??= g711Table(alaw)) : encoding === 'mulaw' ? (mulawTable ??= g711Table(mulaw)) : undefined;
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    const stride = width * channels;
    let p = c * width;
    switch (encoding) {
      case 'u8':
        for (let i = 0; i < frames; i++, p += stride) dst[i] = (bytes[p]! - 128) / 128;
        break;
      case 's16':
        for (let i = 0; i < frames; i++, p += stride) dst[i] = view.getInt16(p, true) / 32768;
        break;
      case 's24':
        for (let i = 0; i < frames; i++, p += stride) {
          // sign-extend the 24-bit value by shifting it into the top of a 32-bit int
          dst[i] = ((bytes[p]! << 8) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 24)) / 2147483648;
        }
        break;
      case 's32':
        for (let i = 0; i < frames; i++, p += stride) dst[i] = view.getInt32(p, true) / 2147483648;
        break;
      case 'f32':
        for (let i = 0; i < frames; i++, p += stride) dst[i] = view.getFloat32(p, true);
        break;
      case 'f64':
        for (let i = 0; i < frames; i++, p += stride) dst[i] = view.getFloat64(p, true);
        break;
      case 'alaw':
      case 'mulaw':
        for (let i = 0; i < frames; i++, p += stride) dst[i] = table![bytes[p]!]!;
        break;
    }
  }
  return out;
}

function g711Table(decode: (byte: number) => number): Float32Array {
  const table = new Float32Array(256);
  for (let b = 0; b < 256; b++) table[b] = decode(b) / 32768;
  return table;
}

// ITU-T G.711 A-law expansion to 16-bit linear
function alaw(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 7;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

// ITU-T G.711 µ-law expansion to 16-bit linear
function mulaw(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 7;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}
