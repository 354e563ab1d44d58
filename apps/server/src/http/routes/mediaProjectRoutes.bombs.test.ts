// Decompression bombs against the real server: FLAC files of digital silence that state (or hide) hours of audio
// in kilobytes. They are refused by their header at once, or as soon as decoding passes the limits; decoding runs in
// a worker thread, so /healthz stays fast meanwhile; peaks stay bounded whatever the length.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constantFlac } from '../../media/constantFlac.ts';
import { setUpMediaTest, type MediaTest } from '../../../test/mediaTestFixtures.ts';
import { MAX_PEAK_PIXELS } from '../../media/WaveformPeaks.ts';
import { WAVEFORM_DAT_HEADER_BYTES } from '../../media/waveformDat.ts';
import { errorOf } from '../../../test/testServer.ts';

let t: MediaTest;
beforeAll(async () => {
  // the defaults: 6 h, 1000×
  t = await setUpMediaTest(64 * 1024 * 1024);
}, 60_000);
afterAll(() => t?.close());

/** Polls /healthz every 20 ms until `work` settles; returns its result and the latencies in ms. */
async function whilePolling<T>(work: Promise<T>): Promise<{ result: T; latencies: number[] }> {
  let done = false;
  const latencies: number[] = [];
  const polling = (async () => {
    while (!done) {
      const started = performance.now();
      const response = await t.server.fetch('/healthz');
      await response.arrayBuffer();
      latencies.push(performance.now() - started);
      await new Promise((wake) => setTimeout(wake, 20));
    }
  })();
  try {
    return { result: await work, latencies };
  } finally {
    done = true;
    await polling;
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function refusedQuickly(bytes: Uint8Array, name: string): Promise<{ code: string; message: string; ms: number }> {
  const before = await t.listIds();
  const started = performance.now();
  const error = await errorOf(await t.upload(t.editor, [[bytes, name]]));
  const ms = performance.now() - started;
  expect(await t.listIds()).toEqual(before);
  expect(t.tempFiles()).toEqual([]);
  return { ...error, ms };
}

describe('decompression bombs', () => {
  it('refuses a 156 kB FLAC that states 24 h of audio by its header, at once (413 audio-too-long)', async () => {
    const bomb = constantFlac({ sampleRate: 8000, samples: 24 * 3600 * 8000 });
    expect(bomb.length).toBeLessThan(160_000);
    const refused = await refusedQuickly(bomb, 'day of silence.flac');
    expect(refused).toMatchObject({ code: 'audio-too-long' });
    expect(refused.message).toBe('"day of silence.flac" was refused: its header says it holds 24 h of audio, and this server accepts recordings of up to 6 h. Split it into shorter files.');
    expect(refused.ms).toBeLessThan(2000);
  });

  it('refuses 1 h of silence in 12 kB by its expansion ratio, at once (413 expansion-too-high)', async () => {
    const bomb = constantFlac({ sampleRate: 16000, samples: 3600 * 16000 });
    const refused = await refusedQuickly(bomb, 'hour.flac');
    expect(refused).toMatchObject({ code: 'expansion-too-high' });
    expect(refused.message).toMatch(/^"hour\.flac" was refused: its header says its 11\.9 KiB hold 1 h of audio, 9,427 times their size once decoded; this server accepts at most 1000 times\./);
    expect(refused.ms).toBeLessThan(2000);
  });

  it('stops decoding a header that lies (1 s stated, 2 h held) or says nothing, as soon as the audio passes the limit, with /healthz fast throughout', async () => {
    for (const declaredSamples of [16000, 0]) {
      const bomb = constantFlac({ sampleRate: 16000, samples: 2 * 3600 * 16000, declaredSamples });
      const { result: refused, latencies } = await whilePolling(refusedQuickly(bomb, 'liar.flac'));
      expect(refused).toMatchObject({ code: 'expansion-too-high' });
      // 24 kB × 1000 / 32 000 bytes a second: decoding stops after about 12 min 46 s of audio
      expect(refused.message).toMatch(/^"liar\.flac" was refused: its 24\.0 KiB decode to more than 12 min 46 s of audio, over 1000 times their size/);
      expect(refused.ms).toBeLessThan(15_000);
      expect(latencies.length).toBeGreaterThan(0);
      expect(Math.max(...latencies), `healthz latencies ${latencies.map((l) => l.toFixed(0)).join(' ')}`).toBeLessThan(1000);
    }
  }, 60_000);

  it('accepts a long legitimate file with /healthz fast meanwhile, and stores its peaks in at most 1 MiB', async () => {
    // 3 h in frames of 4096 samples (expansion 585): decoded in a worker, peaks halved once to stay under the cap
    const long = constantFlac({ sampleRate: 16000, samples: 3 * 3600 * 16000, blockSize: 4096, value: 3000 });
    const { result: response, latencies } = await whilePolling(t.upload(t.editor, [[long, 'three hours.flac']]));
    const [media] = await t.uploaded(response);
    expect(media!.durationSeconds).toBe(3 * 3600);
    const p95 = percentile(latencies, 95);
    expect(p95, `healthz latencies ${latencies.map((l) => l.toFixed(0)).join(' ')}`).toBeLessThan(250);
    expect(Math.max(...latencies)).toBeLessThan(1000);

    const peaksFile = join(t.server.config.dataDir, 'media', media!.sha256.slice(0, 2), `${media!.sha256}.peaks.dat`);
    expect(statSync(peaksFile).size).toBeLessThanOrEqual(WAVEFORM_DAT_HEADER_BYTES + 2 * MAX_PEAK_PIXELS);
    const binary = await t.get(t.viewer, `${media!.peaksUrl}?format=dat`);
    expect(binary.headers.get('content-type')).toBe('application/vnd.audiowaveform.dat');
    expect(new Uint8Array(await binary.arrayBuffer())).toEqual(new Uint8Array(readFileSync(peaksFile)));
    const json = (await (await t.get(t.viewer, media!.peaksUrl)).json()) as { samples_per_pixel: number; length: number; data: number[] };
    expect(json.samples_per_pixel).toBe(640);
    expect(json.length).toBe((3 * 3600 * 16000) / 640);
    expect(json.data.slice(0, 2)).toEqual([12, 12]);
  }, 120_000);
});

describe('after the bombs', () => {
  it('the server still answers /healthz', async () => {
    expect((await t.server.fetch('/healthz')).status).toBe(200);
  });
});
