import { describe, expect, it } from 'vitest';
import { toDocx } from './toDocx.ts';
import type { Segment, Transcript, Word } from './transcript.ts';
import { TranscriptError } from './TranscriptError.ts';

// Web-platform globals that Node 24 and browsers have; core's type set leaves them out on purpose.
interface WebStreams {
  DecompressionStream: new (format: 'deflate-raw') => {
    writable: { getWriter(): { write(chunk: Uint8Array): Promise<void>; close(): Promise<void> } };
    readable: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } };
  };
  TextDecoder: new () => { decode(bytes: Uint8Array): string };
}
const web = globalThis as unknown as WebStreams;

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new web.DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const written = writer.write(data).then(() => writer.close());
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) if (r.value) chunks.push(r.value);
  await written;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// Reads the ZIP central directory and returns each entry's uncompressed text.
async function unzipText(zip: Uint8Array): Promise<Map<string, string>> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  expect(eocd).toBeGreaterThanOrEqual(0);
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new web.TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = zip.subarray(dataStart, dataStart + size);
    expect([0, 8]).toContain(method);
    files.set(name, new web.TextDecoder().decode(method === 8 ? await inflateRaw(raw) : raw));
    at += 46 + skip;
  }
  return files;
}

// The text Word shows for a document.xml: w:t contents, one line per paragraph.
function paragraphs(documentXml: string): string[] {
  return [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/gu)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]!.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&amp;/gu, '&')).join(''),
  );
}

const word = (text: string, start: number, confidence = 0.9): Word => ({ text, start, end: start + 0.3, confidence });
const transcript = (segments: Segment[]): Transcript => ({
  language: 'de',
  duration: 3725,
  segments,
  model: { id: 'verbatim-de', version: '2.0.1', sha256: '0123456789abcdef'.repeat(4) },
  plugins: [{ id: 'social-science', version: '1.0.0' }],
  createdAt: '2025-05-01T10:00:00Z',
});

describe('toDocx', () => {
  it('writes a ZIP whose document.xml holds title, provenance and one paragraph per segment', async () => {
    const t = transcript([
      { speaker: 'Ana', start: 1.2, end: 2, words: [word('Grüße', 1.2), word('aus', 1.5), word('日本', 1.8)] },
      { start: 2, end: 2, words: [] },
      { speaker: 'Ben', start: 3700.4, end: 3701, words: [word('Fish', 3700.4), word('&', 3700.6), word('<chips>', 3700.8)] },
    ]);
    const bytes = await toDocx(t, { title: 'Interview 12' });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const files = await unzipText(bytes);
    expect(files.has('[Content_Types].xml')).toBe(true);
    const text = paragraphs(files.get('word/document.xml')!);
    expect(text).toEqual([
      'Interview 12',
      'Model verbatim-de 2.0.1 (sha256 0123456789ab) · plugins: social-science 1.0.0 · language: de · duration: 01:02:05 · created 2025-05-01T10:00:00Z',
      '[00:00:01] Ana: Grüße aus 日本',
      '[01:01:40] Ben: Fish & <chips>',
    ]);
    expect(files.get('docProps/core.xml')).toContain('Interview 12');
  });

  it('names the speaker at each change, not on every paragraph', async () => {
    const t = transcript([
      { speaker: 'Speaker 1', start: 0, end: 1, words: [word('One.', 0)] },
      { speaker: 'Speaker 1', start: 2, end: 3, words: [word('Two.', 2)] },
      { speaker: 'Speaker 2', start: 4, end: 5, words: [word('Three.', 4)] },
    ]);
    const xml = (await unzipText(await toDocx(t, { timestamps: false }))).get('word/document.xml')!;
    expect(paragraphs(xml).slice(2)).toEqual(['Speaker 1: One.', 'Two.', 'Speaker 2: Three.']);
  });

  it('leaves out timestamps when asked and writes a document for an empty transcript', async () => {
    const one = await unzipText(await toDocx(transcript([{ start: 0, end: 0, words: [word('one', 0)] }]), { timestamps: false }));
    expect(paragraphs(one.get('word/document.xml')!).slice(2)).toEqual(['one']);
    const empty = await unzipText(await toDocx(transcript([])));
    expect(paragraphs(empty.get('word/document.xml')!)).toHaveLength(2);
  });

  it('highlights words below flagBelow, keeping the spaces between words unmarked', async () => {
    const t = transcript([{ start: 0, end: 2, words: [word('sure', 0, 0.9), word('hemo', 0.4, 0.2), word('globin', 0.8, 0.3), word('level', 1.2, 0.95)] }]);
    const xml = (await unzipText(await toDocx(t, { flagBelow: 0.5, timestamps: false }))).get('word/document.xml')!;
    expect(paragraphs(xml)[2]).toBe('sure hemo globin level');
    const highlighted = [...xml.matchAll(/<w:r>(?:(?!<\/w:r>)[\s\S])*?<w:highlight w:val="yellow"\/>[\s\S]*?<w:t[^>]*>([^<]*)<\/w:t>/gu)].map((m) => m[1]);
    expect(highlighted).toEqual(['hemo globin']);
  });

  it('refuses a flagBelow outside [0, 1] and a malformed transcript', async () => {
    await expect(toDocx(transcript([]), { flagBelow: 2 })).rejects.toThrow(TranscriptError);
    await expect(toDocx({ ...transcript([]), segments: [{ start: 0, end: 1, words: [word('a', Number.NaN)] }] })).rejects.toThrow(/segment 0, word 0/i);
  });
});
