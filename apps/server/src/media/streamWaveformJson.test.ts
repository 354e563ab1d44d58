import { describe, expect, it } from 'vitest';
import { streamWaveformJson } from './streamWaveformJson.ts';
import { decodeWaveformDat, encodeWaveformDat } from './waveformDat.ts';

describe('streamWaveformJson', () => {
  it('writes exactly the JSON of the decoded peaks, in pieces, for empty, small and multi-piece data', async () => {
    for (const length of [0, 3, 32 * 1024, 100_001]) {
      const data = Array.from({ length: 2 * length }, (_, i) => ((i * 37) % 256) - 128);
      const bytes = encodeWaveformDat({ version: 2, channels: 1, sample_rate: 16000, samples_per_pixel: 640, bits: 8, length, data });
      const text = await new Response(streamWaveformJson(bytes)).text();
      expect(text).toBe(JSON.stringify(decodeWaveformDat(bytes)));
    }
  });

  it('refuses bytes that are not binary peaks before streaming anything', () => {
    expect(() => streamWaveformJson(new Uint8Array(30))).toThrow(RangeError);
  });
});
