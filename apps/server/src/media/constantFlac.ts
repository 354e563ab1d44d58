// Test support: FLAC files of constant (digitally silent) audio written byte by byte, the way a decompression bomb is
// made: each frame of up to 65 535 samples costs about 14 bytes, so hours of audio fit in kilobytes. The header may
// state the true length, a smaller one (a lying header) or none at all (0, as streamed FLAC does).

/** Options of {@link constantFlac}. */
export interface ConstantFlacOptions {
  readonly sampleRate: number;
  /** Samples per channel the frames hold. */
  readonly samples: number;
  readonly channels?: number;
  /** Samples per channel STREAMINFO states (default `samples`; 0 means "unknown"). */
  readonly declaredSamples?: number;
  /** Samples per frame (default 65 535, the most FLAC allows). */
  readonly blockSize?: number;
  /** The constant 16-bit value (default 0: digital silence). */
  readonly value?: number;
}

/** A valid 16-bit FLAC file whose frames are all CONSTANT subframes. */
export function constantFlac(options: ConstantFlacOptions): Uint8Array {
  const { sampleRate, samples, channels = 1, blockSize = 65535, value = 0 } = options;
  const declared = options.declaredSamples ?? samples;
  const frames: Uint8Array[] = [streamInfo(sampleRate, channels, blockSize, declared)];
  for (let start = 0, index = 0; start < samples; start += blockSize, index++) frames.push(frame(index, Math.min(blockSize, samples - start), channels, value));
  const out = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let offset = 0;
  for (const f of frames) {
    out.set(f, offset);
    offset += f.length;
  }
  return out;
}

function streamInfo(sampleRate: number, channels: number, blockSize: number, totalSamples: number): Uint8Array {
  const out = new Uint8Array(4 + 4 + 34);
  out.set([0x66, 0x4c, 0x61, 0x43]); // fLaC
  out.set([0x80, 0, 0, 34], 4); // last metadata block, STREAMINFO, 34 bytes
  const s = 8;
  out[s] = blockSize >> 8;
  out[s + 1] = blockSize & 0xff;
  out[s + 2] = blockSize >> 8;
  out[s + 3] = blockSize & 0xff;
  // min/max frame size unknown (0); then 20 bits rate, 3 bits channels-1, 5 bits bps-1 (15), 36 bits total samples
  out[s + 10] = (sampleRate >> 12) & 0xff;
  out[s + 11] = (sampleRate >> 4) & 0xff;
  out[s + 12] = ((sampleRate & 0x0f) << 4) | ((channels - 1) << 1) | (15 >> 4);
  const high = Math.floor(totalSamples / 2 ** 32);
  out[s + 13] = ((15 & 0x0f) << 4) | (high & 0x0f);
  new DataView(out.buffer).setUint32(s + 14, totalSamples % 2 ** 32);
  // MD5 left zero: "not computed"
  return out;
}

function frame(index: number, samples: number, channels: number, value: number): Uint8Array {
  const bytes: number[] = [0xff, 0xf8, 0x70, ((channels - 1) << 4) | 0x08, ...utf8Number(index), (samples - 1) >> 8, (samples - 1) & 0xff];
  bytes.push(crc8(bytes));
  for (let c = 0; c < channels; c++) bytes.push(0x00, (value >> 8) & 0xff, value & 0xff);
  const crc = crc16(bytes);
  bytes.push(crc >> 8, crc & 0xff);
  return Uint8Array.from(bytes);
}

// FLAC codes frame numbers the way UTF-8 codes characters
function utf8Number(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x800) return [0xc0 | (n >> 6), 0x80 | (n & 0x3f)];
  if (n < 0x10000) return [0xe0 | (n >> 12), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f)];
  return [0xf0 | (n >> 18), 0x80 | ((n >> 12) & 0x3f), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f)];
}

function crc8(bytes: readonly number[]): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

function crc16(bytes: readonly number[]): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}
