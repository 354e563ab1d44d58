import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpMediaTest, soxDuration, type MediaTest, type MediaResponse as Media } from '../../../test/mediaTestFixtures.ts';
import { errorOf } from '../../../test/testServer.ts';

// small, so that a 640 kB file is too large
const UPLOAD_LIMIT = 256 * 1024;

let t: MediaTest;
beforeAll(async () => {
  t = await setUpMediaTest(UPLOAD_LIMIT);
}, 60_000);
afterAll(() => t?.close());

describe('POST /api/projects/:id/media', () => {
  it('stores a WAV: format by content, duration, a content-addressed blob, and lists it', async () => {
    const [media] = await t.uploaded(await t.upload(t.editor, [[t.speechWav, 'speech.wav']]));
    expect(media).toMatchObject({ name: 'speech.wav', format: 'wav', contentType: 'audio/wav', bytes: t.speechWav.length, sampleRate: 22050, channels: 1 });
    expect(media!.durationSeconds).toBeCloseTo(soxDuration(join(t.fixtures, 'speech.wav')), 2);
    const blob = join(t.server.config.dataDir, 'media', media!.sha256.slice(0, 2), media!.sha256);
    expect(new Uint8Array(readFileSync(blob))).toEqual(t.speechWav);
    const list = (await (await t.get(t.viewer, `/api/projects/${t.project.id}/media`)).json()) as { media: Media[] };
    expect(list.media.map((m) => m.id)).toContain(media!.id);
    expect(t.tempFiles()).toEqual([]);
  });

  it('stores several files of one request, a FLAC among them, in order', async () => {
    const media = await t.uploaded(await t.upload(t.editor, [[t.speechFlac, 'speech.flac'], [t.speechWav, 'again.wav']]));
    expect(media.map((m) => [m.name, m.format, m.contentType])).toEqual([
      ['speech.flac', 'flac', 'audio/flac'],
      ['again.wav', 'wav', 'audio/wav'],
    ]);
    expect(media[0]!.durationSeconds).toBeCloseTo(media[1]!.durationSeconds, 2);
  });

  it('stores identical bytes once', async () => {
    const [a] = await t.uploaded(await t.upload(t.editor, [[t.speechWav, 'copy one.wav']]));
    const [b] = await t.uploaded(await t.upload(t.owner, [[t.speechWav, 'copy two.wav']]));
    expect(a!.id).not.toBe(b!.id);
    expect(a!.sha256).toBe(b!.sha256);
    const shard = readdirSync(join(t.server.config.dataDir, 'media', a!.sha256.slice(0, 2)));
    expect(shard.filter((name) => name === a!.sha256)).toHaveLength(1);
  });

  it('answers 413 as soon as a file crosses the upload limit, and leaves no temporary file', async () => {
    const before = await listIds();
    const response = await t.upload(t.editor, [[t.speechWav, 'fine.wav'], [t.longWav, 'long.wav']]);
    const error = await errorOf(response);
    expect(error).toMatchObject({ status: 413, code: 'file-too-large' });
    expect(error.message).toContain('"long.wav" is larger than 256 KiB');
    expect(t.tempFiles()).toEqual([]);
    expect(await listIds()).toEqual(before);
  });

  it('answers 413 while the client is still sending, without waiting for the rest of the body', async () => {
    const boundary = 'vwbEarly413';
    const encoder = new TextEncoder();
    let sent = 0;
    let finish: (() => void) | undefined;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 0) {
          controller.enqueue(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="endless.wav"\r\n\r\n`));
          controller.enqueue(t.speechWav.subarray(0, 44));
        }
        if (sent < 2 * UPLOAD_LIMIT) {
          controller.enqueue(new Uint8Array(64 * 1024));
          sent += 64 * 1024;
          return;
        }
        // the body never ends: only the server's early answer can settle the request
        await new Promise<void>((resolve) => (finish = resolve));
      },
    });
    const response = await fetch(`${t.server.url}/api/projects/${t.project.id}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.editor.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(await errorOf(response)).toMatchObject({ status: 413, code: 'file-too-large' });
    expect(response.headers.get('connection')).toBe('close');
    expect(t.tempFiles()).toEqual([]);
    finish?.();
  });

  it('answers 415 for a PNG named .wav, naming what it is, and stores none of the request', async () => {
    const png = new Uint8Array(5000);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const before = await listIds();
    const error = await errorOf(await t.upload(t.editor, [[t.speechWav, 'good.wav'], [png, 'picture.wav']]));
    expect(error).toMatchObject({ status: 415, code: 'unsupported-format' });
    expect(error.message).toMatch(/"picture\.wav".*PNG image/);
    expect(await listIds()).toEqual(before);
    expect(t.tempFiles()).toEqual([]);
  });

  it('answers 400 for an empty file and for a truncated WAV, with the decoder saying why', async () => {
    expect(await errorOf(await t.upload(t.editor, [[new Uint8Array(0), 'empty.wav']]))).toMatchObject({ status: 400, code: 'empty-file' });
    const truncated = await errorOf(await t.upload(t.editor, [[t.speechWav.subarray(0, Math.floor(t.speechWav.length / 2)), 'cut.wav']]));
    expect(truncated).toMatchObject({ status: 400, code: 'truncated-file' });
    expect(truncated.message).toMatch(/^"cut\.wav" is cut off: The file is incomplete: the WAV header says [\d,]+ bytes of audio but the file ends after [\d,]+\. Upload the complete file\.$/);
    expect(t.tempFiles()).toEqual([]);
  });

  it('answers 415 for a body that is not multipart and 400 for one without a file part', async () => {
    const json = await t.server.fetch(`/api/projects/${t.project.id}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.editor.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await errorOf(json)).toMatchObject({ status: 415, code: 'not-multipart' });
    const form = new FormData();
    form.append('note', 'no file here');
    const noFile = await t.server.fetch(`/api/projects/${t.project.id}/media`, { method: 'POST', headers: { authorization: `Bearer ${t.editor.token}` }, body: form });
    expect(await errorOf(noFile)).toMatchObject({ status: 400, code: 'no-file' });
  });

  it('keeps only a safe last segment of path-traversal and 10 kB file names', async () => {
    const long = `${'a'.repeat(10_000)}.wav`;
    const media = await t.uploaded(await t.upload(t.editor, [[t.speechWav, '../../../etc/passwd.wav'], [t.speechWav, long], [t.speechWav, '..\\..\\win.ini']]));
    expect(media[0]!.name).toBe('passwd.wav');
    expect([...media[1]!.name]).toHaveLength(255);
    expect(media[1]!.name.endsWith('….wav')).toBe(true);
    expect(media[2]!.name).toBe('win.ini');
    expect(existsSync(join(t.server.dir, 'etc'))).toBe(false);
  });

  it('needs the CSRF token when the upload is authenticated by the session cookie', async () => {
    const login = await t.server.fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'editor@example.org', password: t.editor.password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('verbatim_session='))!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const send = (headers: Record<string, string>) => {
      const form = new FormData();
      form.append('file', new Blob([t.speechWav as Uint8Array<ArrayBuffer>]), 'cookie.wav');
      return t.server.fetch(`/api/projects/${t.project.id}/media`, { method: 'POST', headers: { cookie, ...headers }, body: form });
    };
    expect(await errorOf(await send({}))).toMatchObject({ status: 403, code: 'csrf-token-missing' });
    const [media] = await t.uploaded(await send({ 'x-csrf-token': csrfToken }));
    expect(media!.name).toBe('cookie.wav');
  });

  it('lets viewers read but not upload (403), and strangers see no t.project (404)', async () => {
    expect(await errorOf(await t.upload(t.viewer, [[t.speechWav, 'v.wav']]))).toMatchObject({ status: 403, code: 'insufficient-role' });
    expect(await errorOf(await t.upload(t.stranger, [[t.speechWav, 's.wav']]))).toMatchObject({ status: 404, code: 'project-not-found' });
    expect(await errorOf(await t.get(t.stranger, `/api/projects/${t.project.id}/media`))).toMatchObject({ status: 404 });
    expect((await t.server.fetch(`/api/projects/${t.project.id}/media`)).status).toBe(401);
  });
});

describe('truncated files', () => {
  // 6.05 s of 44.1 kHz stereo, as ffmpeg writes it, and its first half: what an interrupted copy leaves
  const sine = ['-f', 'lavfi', '-i', 'sine=f=440:d=6.05:sample_rate=44100'];
  const halfOf = (name: string, ...args: string[]) => {
    execFileSync('nice', ['-n', '19', 'ffmpeg', '-nostdin', '-y', '-v', 'error', ...sine, ...args, join(t.fixtures, name)]);
    const bytes = new Uint8Array(readFileSync(join(t.fixtures, name)));
    return bytes.subarray(0, bytes.length >> 1);
  };

  it('refuses a FLAC cut in half with 400 truncated-file naming both lengths, and stores nothing', async () => {
    const before = await listIds();
    const error = await errorOf(await t.upload(t.editor, [[halfOf('sine.flac', '-ac', '2'), 'half.flac']]));
    expect(error).toMatchObject({ status: 400, code: 'truncated-file' });
    expect(error.message).toBe('"half.flac" is cut off: The file is incomplete: the FLAC header says 6.05 s of audio but the file ends after 2.72 s. Upload the complete file.');
    expect(await listIds()).toEqual(before);
    expect(t.tempFiles()).toEqual([]);
  });

  it('refuses cut-off WAV, Ogg Opus, CAF and WMA files by their headers, before decoding', async () => {
    const before = await listIds();
    // at 22.05 kHz mono (the halves must fit this file's 256 KiB upload limit)
    const cases = [
      ['half.wav', halfOf('sine.wav', '-ar', '22050'), /WAV header says 266,806 bytes of audio but the file ends after 133,[\d]+\./],
      ['half.opus', halfOf('sine.opus', '-c:a', 'libopus'), /Ogg Opus file ends in the middle of a page/],
      ['half.caf', halfOf('sine.caf', '-ar', '22050'), /Core Audio \(CAF\) header says the file has [\d,]+ bytes but it ends after [\d,]+\./],
      ['half.wma', halfOf('sine.wma', '-c:a', 'wmav2'), /WMA\/ASF header says the file has [\d,]+ bytes but it ends after/],
    ] as const;
    for (const [name, bytes, message] of cases) {
      const error = await errorOf(await t.upload(t.editor, [[bytes, name]]));
      expect(error, name).toMatchObject({ status: 400, code: 'truncated-file' });
      expect(error.message).toMatch(message);
    }
    expect(await listIds()).toEqual(before);
    expect(t.tempFiles()).toEqual([]);
  });
});

describe('after hostile uploads', () => {
  it('the server still answers /healthz', async () => {
    expect((await t.server.fetch('/healthz')).status).toBe(200);
  });
});

async function listIds(): Promise<string[]> {
  const response = await t.get(t.owner, `/api/projects/${t.project.id}/media`);
  return ((await response.json()) as { media: Media[] }).media.map((m) => m.id).sort();
}

