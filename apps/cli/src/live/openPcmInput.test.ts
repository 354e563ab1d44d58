import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openPcmInput, PcmInputError } from './openPcmInput.ts';

const FIXTURE = resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1/fixtures/utt1.wav');
// utt1.wav: 16 kHz mono
const FIXTURE_SAMPLES = 18991;

async function collect(blocks: AsyncIterable<Int16Array>): Promise<Int16Array[]> {
  const out: Int16Array[] = [];
  for await (const block of blocks) out.push(block);
  return out;
}

describe('openPcmInput', () => {
  it('decodes a file to 100 ms blocks of 16-bit samples at the session rate', async () => {
    const blocks = await collect(await openPcmInput(FIXTURE, { sampleRate: 8000 }));
    expect(blocks.slice(0, -1).every((b) => b.length === 800)).toBe(true);
    const total = blocks.reduce((n, b) => n + b.length, 0);
    expect(Math.abs(total - FIXTURE_SAMPLES / 2)).toBeLessThanOrEqual(2);
    expect(blocks.some((b) => b.some((s) => Math.abs(s) > 1000))).toBe(true);
  });

  it('reads raw s16le PCM on stdin as it is, in blocks (an odd last byte dropped)', async () => {
    const samples = Int16Array.from({ length: 3500 }, (_, i) => (i % 2 === 0 ? i : -i));
    const bytes = Buffer.concat([Buffer.from(samples.buffer), Buffer.from([7])]);
    // in uneven chunks, as a pipe delivers them
    const stdin = Readable.from([bytes.subarray(0, 5), bytes.subarray(5, 3001), bytes.subarray(3001)]);
    const blocks = await collect(await openPcmInput('-', { sampleRate: 16000, stdin }));
    expect(blocks.map((b) => b.length)).toEqual([1600, 1600, 300]);
    expect([...blocks.flatMap((b) => [...b])]).toEqual([...samples]);
  });

  it('resamples a WAV stream on stdin of another rate and channel count (as ffmpeg pipes one) through ffmpeg', async () => {
    const wav = execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-i', FIXTURE, '-ar', '44100', '-ac', '2', '-f', 'wav', '-']);
    const blocks = await collect(await openPcmInput('-', { sampleRate: 16000, stdin: Readable.from([wav]) }));
    const total = blocks.reduce((n, b) => n + b.length, 0);
    expect(Math.abs(total - FIXTURE_SAMPLES)).toBeLessThanOrEqual(16);
  });

  it('says what is wrong with an input it cannot read', async () => {
    await expect(openPcmInput('/no/such/talk.wav', { sampleRate: 16000 })).rejects.toThrow(PcmInputError);
    await expect(openPcmInput('/no/such/talk.wav', { sampleRate: 16000 })).rejects.toThrow('/no/such/talk.wav: no such file');
    await expect(openPcmInput(import.meta.filename, { sampleRate: 16000 })).rejects.toThrow(/openPcmInput\.test\.ts: .*not/i);
  });
});
