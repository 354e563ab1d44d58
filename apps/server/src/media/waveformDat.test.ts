import { describe, expect, it } from 'vitest';
import { decodeWaveformDat, encodeWaveformDat, WAVEFORM_DAT_HEADER_BYTES } from './waveformDat.ts';
import { PeaksBuilder } from './WaveformPeaks.ts';

describe('encodeWaveformDat', () => {
  it('writes the audiowaveform version 2 header and two bytes per pixel, and reads back what it wrote', () => {
    const builder = new PeaksBuilder(16000, 4);
    builder.push(Float32Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? i / 10 : -i / 10)));
    const peaks = builder.finish();
    const bytes = encodeWaveformDat(peaks);
    expect(bytes.length).toBe(WAVEFORM_DAT_HEADER_BYTES + 2 * peaks.length);
    const view = new DataView(bytes.buffer);
    expect([0, 4, 8, 12, 16, 20].map((o) => view.getInt32(o, true))).toEqual([2, 1, 16000, 4, 3, 1]);
    expect(Array.from(new Int8Array(bytes.buffer, WAVEFORM_DAT_HEADER_BYTES))).toEqual([-38, 26, -90, 77, -115, 102]);
    expect(decodeWaveformDat(bytes)).toEqual(peaks);
  });

  it('refuses bytes of another layout or a length that does not match', () => {
    expect(() => decodeWaveformDat(new Uint8Array(10))).toThrow(RangeError);
    const bytes = encodeWaveformDat({ version: 2, channels: 1, sample_rate: 16000, samples_per_pixel: 320, bits: 8, length: 2, data: [0, 1, -1, 2] });
    expect(() => decodeWaveformDat(bytes.subarray(0, bytes.length - 1))).toThrow(/version 2/);
  });
});
