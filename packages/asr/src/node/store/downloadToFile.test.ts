import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadToFile, redactUrl } from './downloadToFile.ts';
import { ModelStoreError } from './ModelStoreError.ts';

const work = mkdtempSync(join(tmpdir(), 'verbatim-download-'));
const body = createHash('sha512').update('seed').digest().toString('hex').repeat(2000); // 256 kB
let handler: (req: IncomingMessage, res: ServerResponse) => void = () => {};
const requests: { range: string | undefined; ifRange: string | undefined }[] = [];
const ETAG = '"v1-256k"';
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined });
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(work, { recursive: true, force: true });
});

let n = 0;
const part = () => join(work, `f${n++}.part`);
const opts = { maxBytes: 1 << 20, timeoutMs: 5_000, allowHttp: true };

/** Serves `body` with an ETag, honouring `Range: bytes=N-` (when `ranges` is true) if `If-Range` names that ETag. */
function serve(ranges: boolean) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (ranges && m && req.headers['if-range'] === ETAG) {
      const start = Number(m[1]);
      res.writeHead(206, { etag: ETAG, 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
      res.end(body.slice(start));
      return;
    }
    res.writeHead(200, { etag: ETAG, 'content-length': body.length });
    res.end(body);
  };
}

async function failure(p: Promise<unknown>): Promise<ModelStoreError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ModelStoreError);
  return err as ModelStoreError;
}

describe('downloadToFile', () => {
  it('streams the file to disk, reporting progress against Content-Length', async () => {
    handler = serve(true);
    const file = part();
    const seen: [number, number | undefined][] = [];
    expect(await downloadToFile(`${base}/m.tar.gz`, file, { ...opts, onProgress: (r, t) => seen.push([r, t]) })).toBe(body.length);
    expect(readFileSync(file, 'utf8')).toBe(body);
    expect(seen[0]).toEqual([0, body.length]);
    expect(seen.at(-1)).toEqual([body.length, body.length]);
  });

  it('resumes with a Range request after the connection was cut, keeping the bytes it had', async () => {
    const file = part();
    // the connection drops once the client has 100 000 bytes of the answer
    let open: ServerResponse | undefined;
    handler = (_req, res) => {
      open = res;
      res.writeHead(200, { etag: ETAG, 'content-length': body.length });
      res.write(body.slice(0, 100_000));
    };
    const cut = await failure(downloadToFile(`${base}/cut`, file, { ...opts, onProgress: (received) => received >= 100_000 && open?.destroy() }));
    expect(cut.code).toBe('download-failed');
    // every byte that arrived is on disk
    const kept = statSync(file).size;
    expect(kept).toBe(100_000);
    handler = serve(true);
    requests.length = 0;
    const seen: number[] = [];
    await downloadToFile(`${base}/cut`, file, { ...opts, onProgress: (r) => seen.push(r) });
    expect(requests).toEqual([{ range: `bytes=${kept}-`, ifRange: ETAG }]);
    expect(seen[0]).toBe(kept);
    expect(readFileSync(file, 'utf8')).toBe(body);
  });

  it('starts again from the first byte when the server ignores the Range or the file changed since', async () => {
    const file = part();
    writeFileSync(file, 'stale bytes of some other attempt');
    writeFileSync(`${file}.validator`, ETAG);
    handler = serve(false);
    requests.length = 0;
    await downloadToFile(`${base}/norange`, file, opts);
    expect(requests).toEqual([{ range: 'bytes=33-', ifRange: ETAG }]);
    expect(readFileSync(file, 'utf8')).toBe(body);
    // the server's file changed: If-Range no longer matches, and the server answers 200 with the whole new file
    writeFileSync(file, 'old bytes');
    writeFileSync(`${file}.validator`, '"v0"');
    handler = serve(true);
    requests.length = 0;
    await downloadToFile(`${base}/changed`, file, opts);
    expect(requests).toEqual([{ range: 'bytes=9-', ifRange: '"v0"' }]);
    expect(readFileSync(file, 'utf8')).toBe(body);
    expect(readFileSync(`${file}.validator`, 'utf8')).toBe(ETAG);
  });

  it('does not resume bytes it cannot validate, nor a 206 for another range than asked', async () => {
    const file = part();
    writeFileSync(file, 'bytes kept without a validator');
    handler = serve(true);
    requests.length = 0;
    await downloadToFile(`${base}/novalidator`, file, opts);
    expect(requests).toEqual([{ range: undefined, ifRange: undefined }]);
    expect(readFileSync(file, 'utf8')).toBe(body);
    writeFileSync(file, 'twelve bytes');
    writeFileSync(`${file}.validator`, ETAG);
    handler = (req, res) => {
      if (req.headers.range) {
        res.writeHead(206, { 'content-length': 10, 'content-range': `bytes 0-9/${body.length}` });
        res.end(body.slice(0, 10));
      } else serve(true)(req, res);
    };
    requests.length = 0;
    await downloadToFile(`${base}/wrongrange`, file, opts);
    expect(requests.map((r) => r.range)).toEqual(['bytes=12-', undefined]);
    expect(readFileSync(file, 'utf8')).toBe(body);
  });

  it('refuses a download over the cap from its Content-Length, and while streaming one that has none', async () => {
    handler = serve(true);
    const file = part();
    const early = await failure(downloadToFile(`${base}/big`, file, { ...opts, maxBytes: 1000 }));
    expect(early.code).toBe('download-too-large');
    expect(early.message).toContain(`is ${body.length} bytes, over the 1000-byte limit`);
    expect(existsSync(file)).toBe(false);
    handler = (_req, res) => {
      res.writeHead(200); // chunked: no length to refuse early on
      res.end(body);
    };
    const late = await failure(downloadToFile(`${base}/chunked`, file, { ...opts, maxBytes: 1000 }));
    expect(late.code).toBe('download-too-large');
    expect(late.message).toContain('while streaming');
    expect(existsSync(file)).toBe(false);
  });

  it('times out when the server stops sending', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.slice(0, 1000)); // and nothing more
    };
    const err = await failure(downloadToFile(`${base}/stall`, part(), { ...opts, timeoutMs: 150 }));
    expect(err.code).toBe('download-timeout');
    expect(err.message).toContain('nothing arrived for 150 ms');
  });

  it('names the status of a failed answer, and a cancel is a cancel', async () => {
    handler = (_req, res) => {
      res.writeHead(404, 'Not Found');
      res.end();
    };
    const err = await failure(downloadToFile(`${base}/gone`, part(), opts));
    expect(err.code).toBe('download-failed');
    expect(err.message).toContain('the server answered 404 Not Found');
    handler = serve(true);
    const controller = new AbortController();
    controller.abort();
    expect((await failure(downloadToFile(`${base}/m`, part(), { ...opts, signal: controller.signal }))).code).toBe('cancelled');
  });

  it('keeps credentials out of what it shows', () => {
    expect(redactUrl('https://user:secret@example.com/m.tar.bz2')).toBe('https://example.com/m.tar.bz2');
  });
});
