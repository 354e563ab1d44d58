import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioDecodeError } from '@verbatim/asr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constantFlac } from './constantFlac.ts';
import { MediaAnalyzer } from './MediaAnalyzer.ts';
import { MediaError } from './MediaError.ts';
import { decodeWaveformDat } from './waveformDat.ts';

let dir: string;
let short: string;
let long: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-analyzer-'));
  short = join(dir, 'short.flac');
  writeFileSync(short, constantFlac({ sampleRate: 16000, samples: 16000 * 3, blockSize: 4096, value: 8000 }));
  long = join(dir, 'long.flac');
  writeFileSync(long, constantFlac({ sampleRate: 16000, samples: 16000 * 3 * 3600, blockSize: 4096 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('MediaAnalyzer', () => {
  it('decodes in a worker thread: duration, the source format and binary peaks', async () => {
    const analyzer = new MediaAnalyzer();
    const analysis = await analyzer.analyze(short, 'short.flac');
    expect(analysis).toMatchObject({ durationSeconds: 3, sampleRate: 16000, channels: 1 });
    const peaks = decodeWaveformDat(analysis.peaks);
    expect(peaks).toMatchObject({ sample_rate: 16000, samples_per_pixel: 320, length: 150 });
    expect(peaks.data.slice(0, 2)).toEqual([31, 31]);
    await analyzer.dispose();
  });

  it('refuses by the header before starting a worker, with the configured limits', async () => {
    const analyzer = new MediaAnalyzer({ limits: { maxDurationSeconds: 2, maxExpansion: 1000 } });
    const error = await analyzer.analyze(short, 'short.flac').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect(error).toMatchObject({ code: 'audio-too-long' });
  });

  it('runs one analysis at a time by default; cancelling the running one ends its worker and lets the next start', async () => {
    const analyzer = new MediaAnalyzer();
    const controller = new AbortController();
    const started = performance.now();
    const first = analyzer.analyze(long, 'long.flac', controller.signal).catch((e: unknown) => e);
    const second = analyzer.analyze(short, 'short.flac');
    setTimeout(() => controller.abort(), 200);
    const error = await first;
    expect(error).toBeInstanceOf(AudioDecodeError);
    expect(error).toMatchObject({ code: 'aborted' });
    expect((await second).durationSeconds).toBe(3);
    // 3 h take seconds to decode; the cancelled worker did not finish them first
    expect(performance.now() - started).toBeLessThan(2500);
    await analyzer.dispose();
  });

  it('rejects a waiting analysis when disposed', async () => {
    const analyzer = new MediaAnalyzer();
    const running = analyzer.analyze(long, 'long.flac').catch((e: unknown) => e);
    const waiting = analyzer.analyze(short, 'short.flac').catch((e: unknown) => e);
    await new Promise((wake) => setTimeout(wake, 50));
    await analyzer.dispose();
    expect(await running).toMatchObject({ code: 'aborted' });
    expect(await waiting).toMatchObject({ code: 'aborted' });
  });
});
