// What an export says of the review work: who wrote each word, who checked it, what the recogniser had heard.
import type { Segment, TranscriptJson } from '@verbatim/core';
import { describe, expect, it } from 'vitest';
import type { TranscriptDocTurn, TranscriptDocWord } from '@verbatim/core/document';
import { renderTranscriptExport } from './transcriptExport.ts';

const EVE = '6f1c2a52-1f7a-4c55-9a55-3b3c3d3e3f40';
const word = (text: string, start: number, end: number, confidence: number, more: Partial<TranscriptDocWord> = {}): TranscriptDocWord => ({
  text,
  start,
  end,
  confidence,
  origin: 'asr',
  reviewed: false,
  ...more,
});

// the recogniser heard "we met at the real firea tion"
const ORIGINAL: Segment[] = [
  {
    start: 5,
    end: 6.52,
    words: [
      { text: 'we', start: 5, end: 5.1, confidence: 0.9 },
      { text: 'met', start: 5.12, end: 5.3, confidence: 0.45 },
      { text: 'at', start: 5.32, end: 5.4, confidence: 0.8 },
      { text: 'the', start: 5.42, end: 5.6, confidence: 0.95 },
      { text: 'real', start: 5.68, end: 5.9, confidence: 0.3 },
      { text: 'firea', start: 6, end: 6.2, confidence: 0.2 },
      { text: 'tion', start: 6.32, end: 6.52, confidence: 0.4 },
    ],
  },
];

// a reviewer accepted "met", a person wrote "fibrillation" over "real firea tion" and typed "new" where nothing was heard
const TURNS: TranscriptDocTurn[] = [
  {
    speaker: 'Ada',
    start: 5,
    words: [
      word('we', 5, 5.1, 0.9),
      word('met', 5.12, 5.3, 0.45, { reviewed: true, reviewedBy: EVE, reviewedAt: Date.UTC(2026, 11, 6, 10) }),
      word('at', 5.32, 5.4, 0.8),
      word('the', 5.42, 5.6, 0.95),
      word('new', 5.6, 5.68, 1, { origin: 'human' }),
      word('fibrillation', 5.68, 6.52, 0.2, { origin: 'human', reviewed: true, reviewedBy: EVE, reviewedAt: Date.UTC(2026, 11, 6, 10, 1) }),
    ],
  },
];

describe('renderTranscriptExport', () => {
  it("says in JSON which words a person checked or wrote, and what the machine had heard where a person changed it", async () => {
    const json = (await renderTranscriptExport(
      { turns: TURNS, model: { id: 'en', version: '1', sha256: 'ab'.repeat(32) }, duration: 7, title: 't', createdAt: 0, original: ORIGINAL, people: new Map([[EVE, 'Eve']]) },
      'json',
    )) as string;
    const words = (JSON.parse(json) as TranscriptJson).words;
    expect(words[0]).toEqual({ text: 'we', start: 5, end: 5.1, confidence: 0.9, origin: 'asr' });
    expect(words[1]).toEqual({
      text: 'met',
      start: 5.12,
      end: 5.3,
      confidence: 0.45,
      origin: 'asr',
      reviewed: { by: EVE, byName: 'Eve', at: '2026-12-06T10:00:00.000Z', action: 'accept' },
    });
    // typed where nothing was heard: a person's word with no original
    expect(words[4]).toEqual({ text: 'new', start: 5.6, end: 5.68, confidence: 1, origin: 'human' });
    expect(words[5]).toEqual({
      text: 'fibrillation',
      start: 5.68,
      end: 6.52,
      confidence: 1,
      origin: 'human',
      reviewed: { by: EVE, byName: 'Eve', at: '2026-12-06T10:01:00.000Z', action: 'correct' },
      original: { text: 'real firea tion', confidence: 0.2 },
    });
  });

  it('leaves the text formats as they read', async () => {
    const txt = await renderTranscriptExport({ turns: TURNS, model: { id: 'en', version: '1', sha256: 'ab'.repeat(32) }, duration: 7, title: 't', createdAt: 0, original: ORIGINAL }, 'txt');
    expect(txt).toContain('we met at the new fibrillation');
  });
});
