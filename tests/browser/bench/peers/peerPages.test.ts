// The peers' input and their page server: the transcript's words reach the DPE paragraphs that must hold them, and
// the server serves its folder and documents and nothing outside them.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dpeOfTranscript } from './dpeOfTranscript.ts';
import { servePeerPages, type PeerPagesServer } from './servePeerPages.ts';

describe('dpeOfTranscript', () => {
  it('keeps every word with its times and makes each segment a paragraph whose range covers its words', () => {
    const dpe = dpeOfTranscript({
      words: [
        { text: 'the', start: 0.1, end: 0.3, confidence: 0.9 },
        { text: 'rent', start: 0.35, end: 0.8, confidence: 0.8 },
        { text: 'went', start: 1.2, end: 1.5, confidence: 0.9 },
      ],
      // the second segment's own end falls short of its last word (rounded): the paragraph must still hold the word
      segments: [
        { speaker: 'Speaker 1', start: 0.1, end: 0.8, text: 'the rent', firstWord: 0, wordCount: 2 },
        { start: 1.2, end: 1.49, text: 'went', firstWord: 2, wordCount: 1 },
      ],
    });
    expect(dpe.words).toEqual([
      { id: 0, start: 0.1, end: 0.3, text: 'the' },
      { id: 1, start: 0.35, end: 0.8, text: 'rent' },
      { id: 2, start: 1.2, end: 1.5, text: 'went' },
    ]);
    expect(dpe.paragraphs).toEqual([
      { id: 0, start: 0.1, end: 0.8, speaker: 'Speaker 1' },
      { id: 1, start: 1.2, end: 1.5, speaker: 'SPEAKER' },
    ]);
    // how the peers pick a paragraph's words: by time
    for (const p of dpe.paragraphs) expect(dpe.words.filter((w) => w.start >= p.start && w.end <= p.end).length).toBeGreaterThan(0);
  });
});

describe('servePeerPages', () => {
  let root: string;
  let server: PeerPagesServer;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verbatim-peer-pages-'));
    root = join(dir, 'pages');
    mkdirSync(join(root, 'peer'), { recursive: true });
    writeFileSync(join(root, 'peer', 'index.html'), '<p>peer</p>');
    writeFileSync(join(dir, 'secret.txt'), 'not served');
    server = await servePeerPages(root, { '/long.json': '{"words":[]}' });
  });
  afterAll(() => server.close());

  it('serves a folder index, a document from memory, and 404 for anything else', async () => {
    const page = await fetch(`${server.url}/peer/`);
    expect([page.status, page.headers.get('content-type'), await page.text()]).toEqual([200, 'text/html; charset=utf-8', '<p>peer</p>']);
    const doc = await fetch(`${server.url}/long.json`);
    expect([doc.status, await doc.json()]).toEqual([200, { words: [] }]);
    expect((await fetch(`${server.url}/media.wav`)).status).toBe(404);
  });

  it('serves nothing outside its folder', async () => {
    expect((await fetch(`${server.url}/..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${server.url}/%2E%2E/secret.txt`)).status).toBe(404);
  });

  it('answers only GET', async () => {
    expect((await fetch(`${server.url}/long.json`, { method: 'POST', body: '{}' })).status).toBe(405);
  });
});
