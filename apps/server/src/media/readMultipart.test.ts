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
    ['note', undefined, undefined],
    ['file', 'two.bin', undefined],
    ['file', 'empty.wav', undefined],
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

  it('accepts a preamble, a part without headers and decodes filename*', async () => {
    const raw = encoder.encode(
      `preamble text\r\n--${BOUNDARY}\r\n\r\nno headers\r\n--${BOUNDARY}  \r\n` +
        `Content-Disposition: form-data; name="file"; filename="x.wav"; filename*=UTF-8''%C3%A9t%C3%A9.wav\r\n\r\nz\r\n--${BOUNDARY}--`,
    );
    const parts = await collect(streamOf(raw, [20]));
    expect(parts.map((p) => p.filename)).toEqual([undefined, 'été.wav']);
    expect(new TextDecoder().decode(parts[0]!.data)).toBe('no headers');
  });

  it('refuses a body that ends before its closing boundary', async () => {
    const cut = sample.slice(0, sample.length - 30);
    await expect(collect(streamOf(cut, [40]))).rejects.toMatchObject({ name: 'MediaError', code: 'invalid-multipart' });
  });

  it('refuses a body without the boundary, and an endless header', async () => {
    await expect(collect(streamOf(encoder.encode('just some text'), []))).rejects.toBeInstanceOf(MediaError);
    const longHeader = encoder.encode(`--${BOUNDARY}\r\nX-Long: ${'a'.repeat(20_000)}\r\n\r\nz\r\n--${BOUNDARY}--`);
    await expect(collect(streamOf(longHeader, [1000]))).rejects.toMatchObject({ code: 'invalid-multipart', message: /header is longer/ });
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
