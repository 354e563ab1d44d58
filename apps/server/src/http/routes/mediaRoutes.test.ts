import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpMediaTest, type MediaTest, type MediaResponse as Media } from '../../../test/mediaTestFixtures.ts';
import { errorOf, type TestUser } from '../../../test/testServer.ts';

const UPLOAD_LIMIT = 1024 * 1024;

let t: MediaTest;
beforeAll(async () => {
  t = await setUpMediaTest(UPLOAD_LIMIT);
}, 60_000);
afterAll(() => t?.close());

describe('GET /api/media/:id/audio', () => {
  let wav: Media;
  let flac: Media;
  beforeAll(async () => {
    [flac, wav] = (await t.uploaded(await t.upload(t.editor, [[t.speechFlac, 'a.flac'], [t.speechWav, 'a.wav']]))) as [Media, Media];
  });

  it('streams the whole file with its content type and Accept-Ranges', async () => {
    const response = await t.get(t.viewer, wav.audioUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/wav');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-length')).toBe(String(t.speechWav.length));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(t.speechWav);
    const flacResponse = await t.get(t.viewer, flac.audioUrl);
    expect(flacResponse.headers.get('content-type')).toBe('audio/flac');
    expect(new Uint8Array(await flacResponse.arrayBuffer())).toEqual(t.speechFlac);
  });

  it('answers 206 for the first bytes and for a suffix range', async () => {
    const first = await t.get(t.viewer, wav.audioUrl, { range: 'bytes=0-43' });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-43/${t.speechWav.length}`);
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(t.speechWav.subarray(0, 44));
    const suffix = await t.get(t.viewer, wav.audioUrl, { range: 'bytes=-100' });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe(`bytes ${t.speechWav.length - 100}-${t.speechWav.length - 1}/${t.speechWav.length}`);
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(t.speechWav.subarray(t.speechWav.length - 100));
    const open = await t.get(t.viewer, wav.audioUrl, { range: `bytes=${t.speechWav.length - 10}-` });
    expect(new Uint8Array(await open.arrayBuffer())).toEqual(t.speechWav.subarray(t.speechWav.length - 10));
  });

  it('answers HEAD with the headers only', async () => {
    const response = await t.server.fetch(wav.audioUrl, { method: 'HEAD', headers: { authorization: `Bearer ${t.viewer.token}`, range: 'bytes=0-9' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-length')).toBe('10');
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers 416 for a range outside the file', async () => {
    const response = await t.get(t.viewer, wav.audioUrl, { range: `bytes=${t.speechWav.length}-` });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${t.speechWav.length}`);
    expect((await errorOf(response)).code).toBe('range-not-satisfiable');
  });

  it('hides media from strangers (404) and bad ids are 400', async () => {
    expect(await errorOf(await t.get(t.stranger, wav.audioUrl))).toMatchObject({ status: 404, code: 'media-not-found' });
    expect(await errorOf(await t.get(t.stranger, `/api/media/${crypto.randomUUID()}/audio`))).toMatchObject({ status: 404, code: 'media-not-found' });
    expect(await errorOf(await t.get(t.viewer, '/api/media/..%2F..%2Fverbatim.db/audio'))).toMatchObject({ status: 400, code: 'invalid-id' });
    expect((await t.server.fetch(wav.audioUrl)).status).toBe(401);
  });
});

describe('GET /api/media/:id/peaks', () => {
  it('returns audiowaveform JSON covering the whole recording', async () => {
    const [media] = await t.uploaded(await t.upload(t.editor, [[t.speechWav, 'peaks.wav']]));
    const response = await t.get(t.viewer, media!.peaksUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const peaks = (await response.json()) as { version: number; channels: number; sample_rate: number; samples_per_pixel: number; bits: number; length: number; data: number[] };
    expect(peaks).toMatchObject({ version: 2, channels: 1, sample_rate: 16000, bits: 8 });
    expect(peaks.length).toBe(Math.ceil((media!.durationSeconds * peaks.sample_rate) / peaks.samples_per_pixel));
    expect(peaks.data).toHaveLength(peaks.length * 2);
    for (let i = 0; i < peaks.length; i++) {
      expect(peaks.data[2 * i]!).toBeLessThanOrEqual(peaks.data[2 * i + 1]!);
      expect(peaks.data[2 * i]!).toBeGreaterThanOrEqual(-128);
      expect(peaks.data[2 * i + 1]!).toBeLessThanOrEqual(127);
    }
    // speech is loud somewhere and silent somewhere
    expect(Math.max(...peaks.data)).toBeGreaterThan(20);
    expect(peaks.data.some((v, i) => i % 2 === 1 && v <= 1)).toBe(true);
    expect(await errorOf(await t.get(t.stranger, media!.peaksUrl))).toMatchObject({ status: 404 });

    // the same peaks in audiowaveform's binary layout, as stored
    const binary = await t.get(t.viewer, media!.peaksUrl, { accept: 'application/vnd.audiowaveform.dat' });
    expect(binary.headers.get('content-type')).toBe('application/vnd.audiowaveform.dat');
    const bytes = new Uint8Array(await binary.arrayBuffer());
    expect(bytes.length).toBe(24 + 2 * peaks.length);
    expect(Array.from(new Int8Array(bytes.buffer, 24))).toEqual(peaks.data);
  });

  it('serves peaks that earlier versions stored as JSON as they are', async () => {
    const unique = new Uint8Array(t.speechWav);
    unique[unique.length - 2] = unique.at(-2)! ^ 1;
    const [media] = await t.uploaded(await t.upload(t.editor, [[unique, 'legacy.wav']]));
    const legacy = join(media!.sha256.slice(0, 2), `${media!.sha256}.peaks.json`);
    const json = '{"version":2,"channels":1,"sample_rate":16000,"samples_per_pixel":320,"bits":8,"length":1,"data":[-1,1]}';
    writeFileSync(join(t.server.config.dataDir, 'media', legacy), json);
    t.server.db.prepare('UPDATE media SET peaks_path = ? WHERE id = ?').run(legacy, media!.id);
    const response = await t.get(t.viewer, media!.peaksUrl);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe(json);
  });
});

describe('DELETE /api/media/:id', () => {
  it('is for owners; the blob stays while another media uses it and goes with the last', async () => {
    const unique = new Uint8Array(t.speechWav);
    unique[unique.length - 1] = unique.at(-1)! ^ 1;
    const [a, b] = await t.uploaded(await t.upload(t.editor, [[unique, 'x.wav'], [unique, 'y.wav']]));
    const blob = join(t.server.config.dataDir, 'media', a!.sha256.slice(0, 2), a!.sha256);
    const del = (user: TestUser, id: string) => t.server.fetch(`/api/media/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${user.token}` } });
    expect(await errorOf(await del(t.editor, a!.id))).toMatchObject({ status: 403, code: 'insufficient-role' });
    expect(await errorOf(await del(t.stranger, a!.id))).toMatchObject({ status: 404, code: 'media-not-found' });
    expect((await del(t.owner, a!.id)).status).toBe(204);
    expect(existsSync(blob)).toBe(true);
    expect(existsSync(`${blob}.peaks.dat`)).toBe(true);
    expect((await t.get(t.viewer, b!.audioUrl)).status).toBe(200);
    expect((await del(t.owner, b!.id)).status).toBe(204);
    expect(existsSync(blob)).toBe(false);
    expect(existsSync(`${blob}.peaks.dat`)).toBe(false);
    expect(await errorOf(await t.get(t.viewer, b!.audioUrl))).toMatchObject({ status: 404, code: 'media-not-found' });
  });
});

describe('after all that', () => {
  it('the t.server still answers /healthz and the JSON limit still holds elsewhere', async () => {
    expect((await t.server.fetch('/healthz')).status).toBe(200);
    const big = await t.server.fetch('/api/projects', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
  });
});

