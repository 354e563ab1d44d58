import { describe, expect, it } from 'vitest';
import { AudioDecodeError } from './AudioDecodeError.ts';
import type { DecodedAudio } from './StreamDecoder.ts';
import { WavDecoder } from './wav.ts';

// A RIFF file assembled byte by byte, independent of the decoder under test.
interface Chunk {
  id: string;
  body: Uint8Array;
  /** Size written in the header (defaults to the body length). */
  size?: number;
  /** Write the pad byte after an odd body (RIFF says so; some writers do not). */
  pad?: boolean;
}

function riff(chunks: Chunk[], magic = 'RIFF'): Uint8Array {
  const parts: number[] = [...ascii(magic), 0, 0, 0, 0, ...ascii('WAVE')];
  for (const c of chunks) {
    parts.push(...ascii(c.id), ...u32(c.size ?? c.body.length), ...c.body);
    if (c.body.length % 2 === 1 && c.pad !== false) parts.push(0);
  }
  const out = Uint8Array.from(parts);
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  return out;
}

function fmt(tag: number, channels: number, rate: number, bits: number, options: { blockAlign?: number; extensible?: number } = {}): Chunk {
  const blockAlign = options.blockAlign ?? channels * Math.ceil(bits / 8);
  const base = [...u16(options.extensible === undefined ? tag : 0xfffe), ...u16(channels), ...u32(rate), ...u32(rate * blockAlign), ...u16(blockAlign), ...u16(bits)];
  if (options.extensible !== undefined) {
    const guid = [...u16(tag), 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
    base.push(...u16(22), ...u16(options.extensible), ...u32(3), ...guid);
  }
  return { id: 'fmt ', body: Uint8Array.from(base) };
}

function ascii(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0));
}
function u16(v: number): number[] {
  return [v & 0xff, (v >> 8) & 0xff];
}
function u32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

// Interleaved samples → little-endian bytes of one encoding.
function pcm(values: number[], encoding: 'u8' | 's16' | 's24' | 's32' | 'f32' | 'f64'): Uint8Array {
  const width = { u8: 1, s16: 2, s24: 3, s32: 4, f32: 4, f64: 8 }[encoding];
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    const p = i * width;
    if (encoding === 'u8') out[p] = Math.round(v * 128 + 128);
    else if (encoding === 's16') view.setInt16(p, Math.round(v * 32767), true);
    else if (encoding === 's24') {
      const x = Math.round(v * 8388607);
      out[p] = x & 0xff;
      out[p + 1] = (x >> 8) & 0xff;
      out[p + 2] = (x >> 16) & 0xff;
    } else if (encoding === 's32') view.setInt32(p, Math.round(v * 2147483647), true);
    else if (encoding === 'f32') view.setFloat32(p, v, true);
    else view.setFloat64(p, v, true);
  });
  return out;
}

// Feeds `bytes` in pieces of `step` bytes and collects the per-channel output.
function decode(bytes: Uint8Array, step = bytes.length, totalBytes?: number): { channels: number[][]; decoder: WavDecoder } {
  const decoder = new WavDecoder(totalBytes === undefined ? {} : { totalBytes });
  const channels: number[][] = [];
  const take = (d: DecodedAudio): void => {
    d.channelData.forEach((c, i) => (channels[i] ??= []).push(...c.subarray(0, d.samplesDecoded)));
  };
  for (let o = 0; o < bytes.length; o += step) take(decoder.push(bytes.subarray(o, o + step)));
  take(decoder.end());
  return { channels, decoder };
}

function errorOf(f: () => unknown): AudioDecodeError {
  try {
    f();
  } catch (error) {
    if (error instanceof AudioDecodeError) return error;
    throw error;
  }
  throw new Error('expected an AudioDecodeError');
}

const STEREO = [0.5, -0.5, 0.25, -0.25, -1, 0.75, 0, 0.125];

describe('WavDecoder', () => {
  it.each([
    ['u8', 1, 8, 1 / 128],
    ['s16', 1, 16, 1 / 32767],
    ['s24', 1, 24, 1 / 8388607],
    ['s32', 1, 32, 1e-7],
    ['f32', 3, 32, 0],
    ['f64', 3, 64, 0],
  ] as const)('reads %s samples of a stereo file, fed byte by byte', (encoding, tag, bits, tolerance) => {
    const bytes = riff([fmt(tag, 2, 44100, bits), { id: 'data', body: pcm(STEREO, encoding) }]);
    const { channels, decoder } = decode(bytes, 1);
    expect(decoder.info).toMatchObject({ sampleRate: 44100, channels: 2, durationSeconds: 4 / 44100 });
    const left = STEREO.filter((_, i) => i % 2 === 0);
    const right = STEREO.filter((_, i) => i % 2 === 1);
    channels[0]!.forEach((v, i) => expect(Math.abs(v - left[i]!)).toBeLessThanOrEqual(tolerance + 1e-9));
    channels[1]!.forEach((v, i) => expect(Math.abs(v - right[i]!)).toBeLessThanOrEqual(tolerance + 1e-9));
    expect(channels[0]).toHaveLength(4);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE (24 valid bits in 32-bit containers, 3 channels)', () => {
    const values = [0.5, -0.5, 0.25, 0.1, 0.2, 0.3];
    const bytes = riff([fmt(1, 3, 48000, 32, { extensible: 24 }), { id: 'data', body: pcm(values, 's32') }]);
    const { channels } = decode(bytes, 7);
    expect(channels.map((c) => c.map((v) => Number(v.toFixed(5))))).toEqual([
      [0.5, 0.1],
      [-0.5, 0.2],
      [0.25, 0.3],
    ]);
  });

  it('decodes A-law and µ-law with the G.711 tables', () => {
    // 0xd5 / 0xff are the codes for (near) zero; 0xaa / 0x80 are near full scale
    const alaw = decode(riff([fmt(6, 1, 8000, 8), { id: 'data', body: Uint8Array.of(0xd5, 0x55, 0xaa, 0x2a) }])).channels[0]!;
    expect(alaw.map((v) => Math.round(v * 32768))).toEqual([8, -8, 32256, -32256]);
    const mulaw = decode(riff([fmt(7, 1, 8000, 8), { id: 'data', body: Uint8Array.of(0xff, 0x7f, 0x80, 0x00) }])).channels[0]!;
    expect(mulaw.map((v) => Math.round(v * 32768) + 0)).toEqual([0, 0, 32124, -32124]);
  });

  it('skips LIST, fact and odd-sized chunks, padded or not, before and after the data', () => {
    const data = { id: 'data', body: pcm([0.5, -0.5, 0.25], 's16') };
    const odd = { id: 'LIST', body: Uint8Array.of(1, 2, 3, 4, 5) };
    for (const pad of [true, false]) {
      const bytes = riff([{ id: 'fact', body: Uint8Array.from(u32(3)) }, { ...odd, pad }, fmt(1, 1, 16000, 16), { ...odd, pad }, data, odd]);
      for (const step of [1, 3, bytes.length]) {
        const samples = decode(bytes, step).channels[0]!.map((v) => Number(v.toFixed(3)));
        expect(samples).toEqual([0.5, -0.5, 0.25]);
      }
    }
  });

  it.each([0, 0xffffffff])('reads to the end of the file when the data size is %i', (size) => {
    const bytes = riff([fmt(1, 1, 16000, 16), { id: 'data', body: pcm([0.5, 0.25, -0.25], 's16'), size }]);
    // a stray last byte (half a frame) is dropped
    const withStray = Uint8Array.of(...bytes, 0x7f);
    const { channels } = decode(withStray, 2, withStray.length);
    expect(channels[0]!.map((v) => Number(v.toFixed(3)))).toEqual([0.5, 0.25, -0.25]);
  });

  it('ignores bytes after a data chunk of known size', () => {
    const bytes = riff([fmt(1, 1, 16000, 16), { id: 'data', body: pcm([0.5, 0.25], 's16') }, { id: 'JUNK', body: new Uint8Array(9) }]);
    expect(decode(bytes).channels[0]).toHaveLength(2);
  });

  it('reads RF64 with the data size from its ds64 chunk', () => {
    const body = pcm([0.5, -0.5, 0.25, -0.25], 's16');
    const ds64 = { id: 'ds64', body: Uint8Array.from([...u32(0), ...u32(0), ...u32(body.length), ...u32(0), ...u32(4), ...u32(0), ...u32(0)]) };
    const bytes = riff([ds64, fmt(1, 1, 16000, 16), { id: 'data', body, size: 0xffffffff }], 'RF64');
    const { channels, decoder } = decode(bytes, 5);
    expect(decoder.format).toBe('rf64');
    expect(channels[0]).toHaveLength(4);
  });

  it('reports a data chunk longer than the file as truncated, at once when the file size is known', () => {
    const bytes = riff([fmt(1, 1, 16000, 16), { id: 'data', body: pcm([0.5, 0.25], 's16'), size: 1_234_000 }]);
    const early = errorOf(() => new WavDecoder({ totalBytes: bytes.length }).push(bytes));
    expect(early.code).toBe('truncated');
    expect(early.message).toContain('says 1,234,000 bytes of audio but the file ends after 4');
    // without the file size, the samples come out and end() refuses to call the file complete
    const decoder = new WavDecoder();
    expect(decoder.push(bytes).samplesDecoded).toBe(2);
    expect(errorOf(() => decoder.end()).code).toBe('truncated');
  });

  it('reports a file that ends inside its header as truncated, and no bytes as empty', () => {
    const full = riff([fmt(1, 1, 16000, 16), { id: 'data', body: pcm([0.5], 's16') }]);
    for (const cut of [5, 12, 20, 30]) {
      const decoder = new WavDecoder();
      decoder.push(full.subarray(0, cut));
      expect(errorOf(() => decoder.end()).code).toBe('truncated');
    }
    expect(errorOf(() => new WavDecoder().end()).code).toBe('empty');
  });

  it.each([
    ['no channels', [fmt(1, 0, 16000, 16, { blockAlign: 0 })], /0 channels/],
    ['rate 0', [fmt(1, 1, 0, 16)], /sample rate is 0 Hz/],
    ['block align that lies', [fmt(1, 2, 16000, 16, { blockAlign: 3 })], /takes? 4 bytes per frame, but it says 3/],
    ['float of 16 bits', [fmt(3, 1, 16000, 16)], /floating-point samples have 16 bits/],
    ['fmt chunk of 4 bytes', [{ id: 'fmt ', body: new Uint8Array(4) }], /only 4 bytes/],
    ['data before fmt', [{ id: 'data', body: new Uint8Array(4) }, fmt(1, 1, 16000, 16)], /before the "fmt" chunk/],
    ['binary garbage for a chunk id', [fmt(1, 1, 16000, 16), { id: '\u0001\u0002\u0003\u0004', body: new Uint8Array(2) }], /chunk header at byte 36/],
  ] as const)('rejects a header with %s as corrupt', (_, chunks, message) => {
    const error = errorOf(() => decode(riff([...chunks, { id: 'data', body: new Uint8Array(4) }])));
    expect(error.code).toBe('corrupt');
    expect(error.message).toMatch(message);
  });

  it('names compressed WAV codecs it does not read', () => {
    const error = errorOf(() => decode(riff([fmt(0x11, 1, 8000, 4), { id: 'data', body: new Uint8Array(4) }])));
    expect(error.code).toBe('unsupported-format');
    expect(error.message).toContain('IMA ADPCM');
  });

  it('rejects a file that is not RIFF/WAVE', () => {
    expect(errorOf(() => decode(Uint8Array.from(ascii('RIFX\0\0\0\0WAVEfmt ')))).code).toBe('corrupt');
  });
});
