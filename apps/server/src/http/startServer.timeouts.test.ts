// The HTTP server's timeouts against the real server: a slow upload that never pauses for long goes through however
// long it takes in all; a client that stops sending is dropped after the idle limit; the server's own work on a file
// (decoding it) does not count as the client being idle.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constantFlac } from '../media/constantFlac.ts';
import { setUpMediaTest, type MediaTest } from '../../test/mediaTestFixtures.ts';

const IDLE_MS = 1000;

let t: MediaTest;
beforeAll(async () => {
  t = await setUpMediaTest(64 * 1024 * 1024, { idleTimeoutMs: IDLE_MS });
}, 60_000);
afterAll(() => t?.close());

interface Sent {
  status: number | undefined;
  body: string;
  /** Milliseconds from the first byte sent to the response's end, or to the connection's close. */
  ms: number;
  /** The connection was closed before a response came. */
  dropped: boolean;
}

/**
 * POSTs `files` as multipart to the project's media, in `chunkBytes` pieces `gapMs` apart; with `stallAfter`, stops
 * sending (without ending the request) once that many bytes are out.
 */
function sendPaced(files: readonly (readonly [Uint8Array, string])[], options: { chunkBytes: number; gapMs: number; stallAfter?: number }): Promise<Sent> {
  const boundary = 'vwbPaced';
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (const [bytes, name] of files) {
    parts.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`), bytes, encoder.encode('\r\n'));
  }
  parts.push(encoder.encode(`--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const req = request(`${t.server.url}/api/projects/${t.project.id}/media`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.editor.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(body.length),
      },
    });
    let answered = false;
    req.on('response', (response) => {
      answered = true;
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode, body: text, ms: performance.now() - started, dropped: false });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (answered) reject(error);
      else resolve({ status: undefined, body: error.code ?? error.message, ms: performance.now() - started, dropped: true });
    });
    const pump = () => {
      if (options.stallAfter !== undefined && sent >= options.stallAfter) return;
      const next = body.subarray(sent, sent + options.chunkBytes);
      sent += next.length;
      if (sent >= body.length) req.end(next);
      else {
        req.write(next);
        timer = setTimeout(pump, options.gapMs);
      }
    };
    pump();
  });
}

describe('HTTP timeouts', () => {
  it(`accepts an upload that takes several times the ${IDLE_MS} ms idle limit in all but never pauses that long`, async () => {
    const before = await t.listIds();
    const sent = await sendPaced([[t.longWav, 'slow.wav']], { chunkBytes: 64 * 1024, gapMs: 400 });
    expect(sent.status, sent.body).toBe(201);
    expect(sent.ms).toBeGreaterThan(3 * IDLE_MS);
    const [media] = (JSON.parse(sent.body) as { media: { bytes: number; durationSeconds: number }[] }).media;
    expect(media).toMatchObject({ bytes: t.longWav.length, durationSeconds: 20 });
    expect((await t.listIds()).length).toBe(before.length + 1);
  }, 30_000);

  it('drops a client that stops sending half-way after the idle limit, and keeps nothing of its upload', async () => {
    const before = await t.listIds();
    const sent = await sendPaced([[t.longWav, 'stalled.wav']], { chunkBytes: 64 * 1024, gapMs: 100, stallAfter: 256 * 1024 });
    expect(sent.dropped, `answered ${sent.status}: ${sent.body}`).toBe(true);
    // three 100 ms gaps, then the idle limit
    expect(sent.ms).toBeGreaterThan(IDLE_MS);
    expect(sent.ms).toBeLessThan(IDLE_MS + 3000);
    await expect.poll(() => t.tempFiles(), { timeout: 5000 }).toEqual([]);
    expect(await t.listIds()).toEqual(before);
    expect((await t.server.fetch('/healthz')).status).toBe(200);
  }, 30_000);

  it('does not count the time the server spends decoding a file as the client being idle', async () => {
    // 3 h of audio take the server longer than the idle limit to decode, between the two parts of one request
    const long = constantFlac({ sampleRate: 16000, samples: 3 * 3600 * 16000, blockSize: 4096, value: 1000 });
    const sent = await sendPaced([[long, 'long.flac'], [t.speechWav, 'after.wav']], { chunkBytes: 1024 * 1024, gapMs: 10 });
    expect(sent.status, sent.body).toBe(201);
    expect(sent.ms).toBeGreaterThan(IDLE_MS);
    expect((JSON.parse(sent.body) as { media: { name: string }[] }).media.map((m) => m.name)).toEqual(['long.flac', 'after.wav']);
  }, 60_000);
});
