import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from './ApiClient.ts';

// a real HTTP server: binary bodies, the server's JSON error bodies, a 401 and an error without a body
const BYTES = Uint8Array.from([2, 0, 0, 0, 1, 0, 0, 0, 0x80, 0x7f, 0xff, 0x00]);
const accepts: string[] = [];
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    accepts.push(req.headers.accept ?? '');
    if (req.url === '/api/bytes') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(BYTES);
    else if (req.url === '/api/empty') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end();
    else if (req.url === '/api/private') res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'unauthenticated', message: 'Log in first.' } }));
    else if (req.url === '/api/broken') res.writeHead(502).end();
    else res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'peaks-not-found', message: 'No waveform peaks were computed.' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('ApiClient.getBytes', () => {
  it('returns the body byte for byte, asking for the given media type', async () => {
    const bytes = await new ApiClient(base).getBytes('/api/bytes', 'application/vnd.audiowaveform.dat');
    expect(bytes).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(bytes)]).toEqual([...BYTES]);
    expect(accepts.at(-1)).toBe('application/vnd.audiowaveform.dat');
    expect((await new ApiClient(base).getBytes('/api/empty')).byteLength).toBe(0);
    expect(accepts.at(-1)).toBe('application/octet-stream');
  });

  it('throws the server error of an answer other than 2xx, as get does', async () => {
    const api = new ApiClient(base);
    const error = await api.getBytes('/api/media/m1/peaks?format=dat').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: 'peaks-not-found', message: 'No waveform peaks were computed.' });
    await expect(api.get('/api/media/m1/peaks')).rejects.toMatchObject({ status: 404, code: 'peaks-not-found' });
    await expect(api.getBytes('/api/broken')).rejects.toMatchObject({ status: 502, code: 'http-502', message: 'GET /api/broken failed with 502' });
  });

  it('announces a 401 so the workbench shows the login', async () => {
    const api = new ApiClient(base);
    const failures: ApiError[] = [];
    api.onDidFailAuthentication((e) => failures.push(e));
    await expect(api.getBytes('/api/private')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(failures.map((e) => e.code)).toEqual(['unauthenticated']);
  });
});
