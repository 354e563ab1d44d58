import { describe, expect, it } from 'vitest';
import { datToPeaks } from './datToPeaks.ts';

interface DatHeader {
  version?: 1 | 2;
  bits: 8 | 16;
  sampleRate: number;
  samplesPerPixel: number;
  length: number;
  channels?: number;
}

/**
 * Audiowaveform `.dat` bytes as apps/server/src/media/waveformDat.ts (`encodeWaveformDat`) writes them: little-endian
 * int32 version, uint32 flags (1: 8-bit, 0: 16-bit), int32 sample rate, int32 samples per pixel, uint32 length, int32
 * channels (version 2 only), then min, max of each pixel (each channel in turn) as int8 or little-endian int16.
 */
function dat({ version = 2, bits, sampleRate, samplesPerPixel, length, channels = 1 }: DatHeader, values: readonly number[]): ArrayBuffer {
  const header = version === 2 ? 24 : 20;
  const view = new DataView(new ArrayBuffer(header + values.length * (bits / 8)));
  view.setInt32(0, version, true);
  view.setUint32(4, bits === 8 ? 1 : 0, true);
  view.setInt32(8, sampleRate, true);
  view.setInt32(12, samplesPerPixel, true);
  view.setUint32(16, length, true);
  if (version === 2) view.setInt32(20, channels, true);
  values.forEach((v, i) => (bits === 8 ? view.setInt8(header + i, v) : view.setInt16(header + i * 2, v, true)));
  return view.buffer as ArrayBuffer;
}

describe('datToPeaks', () => {
  it('turns the server’s 8-bit mono peaks into floats in [-1, 1] and the duration they cover', () => {
    // the server's layout: 16 kHz, 320 samples (20 ms) a pixel
    const { peaks, duration } = datToPeaks(dat({ bits: 8, sampleRate: 16000, samplesPerPixel: 320, length: 3 }, [-128, 127, -64, 64, 0, 0]));
    expect(peaks).toHaveLength(1);
    expect([...peaks[0]!]).toEqual([-1, 127 / 128, -0.5, 0.5, 0, 0]);
    expect(duration).toBeCloseTo(0.06, 10);
  });

  it('reads 16-bit peaks of several channels, each channel its own interleaved min/max array', () => {
    const { peaks, duration } = datToPeaks(dat({ bits: 16, sampleRate: 100, samplesPerPixel: 10, length: 2, channels: 2 }, [-32768, 16384, 0, 8192, -16384, 0, 32767, -32768]));
    expect(peaks.map((p) => [...p])).toEqual([
      [-1, 0.5, -0.5, 0],
      [0, 0.25, 32767 / 32768, -1],
    ]);
    expect(duration).toBeCloseTo(0.2, 10);
  });

  it('reads version 1 (no channel count: mono)', () => {
    const { peaks, duration } = datToPeaks(dat({ version: 1, bits: 8, sampleRate: 8000, samplesPerPixel: 80, length: 2 }, [-32, 32, -16, 16]));
    expect([...peaks[0]!]).toEqual([-0.25, 0.25, -0.125, 0.125]);
    expect(duration).toBeCloseTo(0.02, 10);
  });

  it('reads audiowaveform JSON bytes too (peaks stored as JSON by earlier versions are served as they are)', () => {
    const json = { version: 2, channels: 1, sample_rate: 16000, samples_per_pixel: 320, bits: 8, length: 2, data: [-128, 64, -32, 0] };
    const { peaks, duration } = datToPeaks(new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer);
    expect([...peaks[0]!]).toEqual([-1, 0.5, -0.25, 0]);
    expect(duration).toBeCloseTo(0.04, 10);
  });

  it('gives no peaks for a recording of no pixels', () => {
    expect(datToPeaks(dat({ bits: 8, sampleRate: 16000, samplesPerPixel: 320, length: 0 }, []))).toEqual({ peaks: [new Float32Array(0)], duration: 0 });
  });

  it('throws on bytes cut short, garbage, an empty body and an impossible header', () => {
    const whole = dat({ bits: 8, sampleRate: 16000, samplesPerPixel: 320, length: 3 }, [-128, 127, -64, 64, 0, 0]);
    expect(() => datToPeaks(whole.slice(0, whole.byteLength - 1))).toThrow(/cut short: 29 of 30 bytes/);
    expect(() => datToPeaks(whole.slice(0, 10))).toThrow(RangeError);
    expect(() => datToPeaks(new TextEncoder().encode('<html>Bad gateway</html>').buffer as ArrayBuffer)).toThrow(TypeError);
    expect(() => datToPeaks(new TextEncoder().encode('{"error":{"code":"x"}}').buffer as ArrayBuffer)).toThrow(TypeError);
    expect(() => datToPeaks(new TextEncoder().encode('{"trunc').buffer as ArrayBuffer)).toThrow(SyntaxError);
    expect(() => datToPeaks(new ArrayBuffer(0))).toThrow(RangeError);
    expect(() => datToPeaks(dat({ bits: 8, sampleRate: 0, samplesPerPixel: 320, length: 1 }, [0, 0]))).toThrow(/not audiowaveform data/);
    expect(() => datToPeaks(dat({ bits: 8, sampleRate: 16000, samplesPerPixel: 320, length: 1, channels: 0 }, []))).toThrow(/0 channels/);
  });
});
