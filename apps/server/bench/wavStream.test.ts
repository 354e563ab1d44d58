import { expect, it } from 'vitest';
import { wavChunks, wavSize } from './wavStream.ts';

it('streams a WAV whose header matches the bytes that follow', () => {
  const dataBytes = 3 * 2 ** 20 + 1001;
  const chunks = [...wavChunks(dataBytes)];
  const total = chunks.reduce((sum, c) => sum + c.length, 0);
  expect(total).toBe(wavSize(dataBytes));
  const header = new DataView(chunks[0]!.buffer);
  expect(new TextDecoder().decode(chunks[0]!.subarray(0, 4))).toBe('RIFF');
  expect(header.getUint32(4, true)).toBe(total - 8);
  expect(header.getUint32(40, true)).toBe(total - 44);
  expect(header.getUint32(24, true)).toBe(16_000);
  // low amplitude, and not silence
  const samples = new Int16Array(chunks[1]!.buffer, 0, 16_000);
  expect(Math.max(...samples)).toBeGreaterThan(300);
  expect(Math.max(...samples.map(Math.abs))).toBeLessThan(1_000);
});
