import { describe, expect, it } from 'vitest';
import type { TranscriptDocTurn } from '@verbatim/core/document';
import { exportDisposition } from './transcriptExport.ts';
import { searchTranscriptTurns } from './transcriptSearch.ts';

function turn(speaker: string, start: number, text: string): TranscriptDocTurn {
  const words = text.split(' ').map((word, i) => ({ text: word, start: start + i, end: start + i + 0.5, confidence: 0.9, origin: 'asr' as const, reviewed: false }));
  return { speaker, start, words };
}

describe('searchTranscriptTurns', () => {
  const turns = [turn('Ada', 0, 'The Quick brown fox'), turn('Bob', 10, 'a quick reply and another quick one')];

  it('finds every occurrence case-insensitively, across words, with the turn it is in', () => {
    const hits = searchTranscriptTurns('t1', turns, 'QUICK', 10);
    expect(hits.map((hit) => [hit.speaker, hit.start])).toEqual([['Ada', 0], ['Bob', 10], ['Bob', 10]]);
    expect(hits[0]!.snippet).toBe('The Quick brown fox');
    expect(searchTranscriptTurns('t1', turns, 'brown FOX', 10)).toHaveLength(1);
    expect(searchTranscriptTurns('t1', turns, 'zebra', 10)).toEqual([]);
  });

  it('stops at the limit and cuts long turns to a snippet around the match', () => {
    expect(searchTranscriptTurns('t1', turns, 'quick', 2)).toHaveLength(2);
    const long = turn('Ada', 0, `${'lorem '.repeat(40)}needle ${'ipsum '.repeat(40)}`.trim());
    const [hit] = searchTranscriptTurns('t1', [long], 'needle', 10);
    expect(hit!.snippet).toMatch(/^…(lorem ){5,}needle( ipsum){5,}/);
    expect(hit!.snippet.endsWith('…')).toBe(true);
    expect(hit!.snippet.length).toBeLessThan(140);
  });
});

describe('exportDisposition', () => {
  it('gives an ASCII filename and the exact one as filename*', () => {
    expect(exportDisposition('Interview 3', 'srt')).toBe(`attachment; filename="Interview 3.srt"; filename*=UTF-8''Interview%203.srt`);
    expect(exportDisposition('Café "quoted"', 'txt')).toBe(`attachment; filename="Caf_ _quoted_.txt"; filename*=UTF-8''Caf%C3%A9%20%22quoted%22.txt`);
    expect(exportDisposition('  ', 'docx')).toBe(`attachment; filename="transcript.docx"; filename*=UTF-8''transcript.docx`);
  });
});
