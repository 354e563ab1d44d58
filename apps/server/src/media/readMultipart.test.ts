import { describe, expect, it } from 'vitest';
import { MediaError } from './MediaError.ts';
import { multipartBoundary, readMultipart } from './readMultipart.ts';

const encoder = new TextEncoder();
const BOUNDARY = '----vwbBoundary7MA4YWxk';

function streamOf(bytes: Uint8Array, cuts: readonly number[]): ReadableStream<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    chunks.push(bytes.slice(start, cut));
    start = cut;
  }
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}

function body(parts: readonly { headers: string; content: Uint8Array }[], boundary = BOUNDARY): Uint8Array {
  const pieces: Uint8Array[] = [];
  for (const part of parts) {
    pieces.push(encoder.encode(`--${boundary}\r\n${part.headers}\r\n`), part.content, encoder.encode('\r\n'));
  }
  pieces.push(encoder.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function collect(stream: ReadableStream<Uint8Array>, boundary = BOUNDARY) {
  const parts: { name?: string; filename?: string; contentType?: string; data: Uint8Array }[] = [];
  for await (const part of readMultipart(stream, boundary)) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of part.body) chunks.push(chunk.slice());
    const data = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      data.set(c, at);
      at += c.length;
    }
    parts.push({ name: part.name, filename: part.filename, contentType: part.contentType, data } as never);
  }
  return parts;
}

// content that contains almost-boundaries: CRLF, "--", and the boundary without its leading CRLF
const tricky = encoder.encode(`a\r\nb\r\n-\r\n--${BOUNDARY.slice(0, 10)}x\r\n--${BOUNDARY.slice(0, -1)}Q--${BOUNDARY}\r`);
const binary = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 13) % 256);
const sample = body([
  { headers: 'Content-Disposition: form-data; name="file"; filename="one.wav"\r\nContent-Type: audio/wav\r\n', content: tricky },
  { headers: 'Content-Disposition: form-data; name="note"\r\n', content: encoder.encode('hello') },
  { headers: 'Content-Disposition: form-data; name="file"; filename="two.bin"\r\n', content: binary },
  { headers: 'Content-Disposition: form-data; name="file"; filename="empty.wav"\r\n', content: new Uint8Array(0) },
]);

function expectSample(parts: Awaited<ReturnType<typeof collect>>): void {
  expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
    ['file', 'one.wav', 'audio/wav'],
    ['note', undefined, 'text/plain'],
    ['file', 'two.bin', 'text/plain'],
    ['file', 'empty.wav', 'text/plain'],
  ]);
  expect(parts[0]!.data).toEqual(tricky);
  expect(new TextDecoder().decode(parts[1]!.data)).toBe('hello');
  expect(parts[2]!.data).toEqual(binary);
  expect(parts[3]!.data.length).toBe(0);
}

describe('readMultipart', () => {
  it('reads parts from a single chunk', async () => {
    expectSample(await collect(streamOf(sample, [])));
  });

  it('reads the same parts whatever the chunk boundaries (every single split, and byte by byte)', async () => {
    for (let cut = 1; cut < sample.length; cut++) expectSample(await collect(streamOf(sample, [cut])));
    expectSample(await collect(streamOf(sample, Array.from({ length: sample.length - 1 }, (_, i) => i + 1))));
  });

  it('reads every split in two places around each boundary', async () => {
    const text = new TextDecoder('latin1').decode(sample);
    const boundaryStarts = [...text.matchAll(new RegExp(`--${BOUNDARY}`, 'g'))].map((m) => m.index);
    for (const start of boundaryStarts) {
      for (let a = Math.max(1, start - 3); a < start + BOUNDARY.length + 4; a++) {
        for (let b = a + 1; b < start + BOUNDARY.length + 6; b++) expectSample(await collect(streamOf(sample, [a, b])));
      }
    }
  });

  it('skips a part body the caller does not read', async () => {
    const names: (string | undefined)[] = [];
    for await (const part of readMultipart(streamOf(sample, [7, 50, 51, 200]), BOUNDARY)) names.push(part.filename);
    expect(names).toEqual(['one.wav', undefined, 'two.bin', 'empty.wav']);
  });

  it('accepts a preamble, skips a part without headers and decodes filename*', async () => {
    const raw = encoder.encode(
      `preamble text\r\n--${BOUNDARY}\r\n\r\nno headers\r\n--${BOUNDARY}\r\n` +
        `Content-Disposition: form-data; name="file"; filename*=UTF-8''%C3%A9t%C3%A9.wav\r\n\r\nz\r\n--${BOUNDARY}--`,
    );
    const parts = await collect(streamOf(raw, [20]));
    expect(parts.map((p) => p.filename)).toEqual(['été.wav']);
    expect(new TextDecoder().decode(parts[0]!.data)).toBe('z');
  });

  it('keeps a file name as sent, path and all, for the caller to sanitise', async () => {
    const raw = body([{ headers: 'Content-Disposition: form-data; name="file"; filename="../../etc/passwd"\r\n', content: encoder.encode('x') }]);
    expect((await collect(streamOf(raw, []))).map((p) => p.filename)).toEqual(['../../etc/passwd']);
  });

  it('refuses a body that ends before its closing boundary', async () => {
    const cut = sample.slice(0, sample.length - 30);
    await expect(collect(streamOf(cut, [40]))).rejects.toMatchObject({ name: 'MediaError', code: 'invalid-multipart', message: /ends before the closing boundary/ });
    // and one cut inside the first part, while its body is being read
    await expect(collect(streamOf(sample.slice(0, 120), [60]))).rejects.toMatchObject({ code: 'invalid-multipart' });
  });

  it('refuses a body without the boundary, an endless preamble and an endless part that is not form-data', async () => {
    await expect(collect(streamOf(encoder.encode('just some text'), []))).rejects.toBeInstanceOf(MediaError);
    const preamble = encoder.encode(`${'p'.repeat(70_000)}\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"\r\n\r\nz\r\n--${BOUNDARY}--`);
    await expect(collect(streamOf(preamble, [35_000, 70_000]))).rejects.toMatchObject({ code: 'invalid-multipart', message: /no form-data part/ });
    // a part the parser skips (not form-data) is held to the same bound
    const skipped = body([
      { headers: 'Content-Disposition: form-data; name="file"; filename="a.wav"\r\n', content: encoder.encode('a') },
      { headers: 'Content-Disposition: attachment\r\n', content: new Uint8Array(200_000) },
      { headers: 'Content-Disposition: form-data; name="file"; filename="b.wav"\r\n', content: encoder.encode('b') },
    ]);
    const cuts = Array.from({ length: 20 }, (_, i) => (i + 1) * 10_000);
    await expect(collect(streamOf(skipped, cuts))).rejects.toMatchObject({ code: 'invalid-multipart', message: /no form-data part/ });
  });

  it('cuts an endless part header to 16 KiB instead of holding it', async () => {
    const longFirst = encoder.encode(
      `--${BOUNDARY}\r\nX-Long: ${'a'.repeat(20_000)}\r\nContent-Disposition: form-data; name="file"\r\n\r\nz\r\n--${BOUNDARY}--`,
    );
    // the Content-Disposition after the cut is lost, so the part is not form-data and is skipped
    expect(await collect(streamOf(longFirst, [1000]))).toEqual([]);
    const longLast = encoder.encode(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"\r\nX-Long: ${'a'.repeat(20_000)}\r\n\r\nz\r\n--${BOUNDARY}--`,
    );
    expect((await collect(streamOf(longLast, [1000]))).map((p) => p.name)).toEqual(['file']);
  });

  it('refuses more parts than maxParts with too-many-parts, counting parts that are not form-data', async () => {
    const three = encoder.encode(
      `--${BOUNDARY}\r\n\r\nno headers\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="b"\r\n\r\n2\r\n--${BOUNDARY}--`,
    );
    const names: (string | undefined)[] = [];
    const reading = (async () => {
      for await (const part of readMultipart(streamOf(three, []), BOUNDARY, { maxParts: 2 })) names.push(part.name);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'too-many-parts', message: 'One request may carry at most 2 parts; upload the files in several requests.' });
    expect(names).not.toContain('b');
  });

  it('passes a dropped connection to the reader of the part', async () => {
    const dropped = new Error('the client went away');
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(dropped);
        sent = true;
        controller.enqueue(sample.slice(0, 100));
      },
    });
    await expect(collect(stream)).rejects.toBe(dropped);
  });

  it('reads no further while the caller holds a part it does not read', async () => {
    const big = body([
      { headers: 'Content-Disposition: form-data; name="file"; filename="big.bin"\r\n', content: new Uint8Array(4 * 1024 * 1024) },
      { headers: 'Content-Disposition: form-data; name="file"; filename="after.bin"\r\n', content: encoder.encode('x') },
    ]);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const start = pulled * 16 * 1024;
        if (start >= big.length) return controller.close();
        pulled++;
        controller.enqueue(big.slice(start, start + 16 * 1024));
      },
    }, { highWaterMark: 0 });
    const parts = readMultipart(stream, BOUNDARY);
    const first = await parts.next();
    expect(first.value).toMatchObject({ filename: 'big.bin' });
    for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
    // the part's buffer (64 KiB) and a chunk or two in flight, not the 4 MiB
    expect(pulled * 16 * 1024).toBeLessThan(256 * 1024);
    let bytes = 0;
    for await (const chunk of first.value!.body) bytes += chunk.byteLength;
    expect(bytes).toBe(4 * 1024 * 1024);
    expect((await parts.next()).value).toMatchObject({ filename: 'after.bin' });
    await parts.return();
  });

  it('cancels the input when the caller stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // the first part and the start of the second, then nothing more
        controller.enqueue(sample.slice(0, sample.indexOf(104 /* h of hello */) + 2));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const part of readMultipart(stream, BOUNDARY)) {
      for await (const chunk of part.body) void chunk;
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('multipartBoundary', () => {
  it('reads the boundary, quoted or not', () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b"')).toBe('a b');
  });

  it('refuses other types and missing boundaries with not-multipart', () => {
    for (const type of [undefined, 'application/json', 'multipart/form-data', `multipart/form-data; boundary=${'x'.repeat(71)}`]) {
      expect(() => multipartBoundary(type)).toThrow(expect.objectContaining({ code: 'not-multipart' }));
    }
  });
});
