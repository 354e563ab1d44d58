// The benchmark's transcript in the peers' input format: BBC's "digital paper edit" (DPE) JSON, which both
// slate-transcript-editor and @bbc/react-transcript-editor (sttJsonType 'digitalpaperedit') read.
import type { TranscriptJson } from '@verbatim/core';

/** DPE transcript: words with times in seconds, paragraphs as time ranges with a speaker. */
export interface DpeTranscript {
  words: { id: number; start: number; end: number; text: string }[];
  paragraphs: { id: number; start: number; end: number; speaker: string }[];
}

/** Converts Verbatim's JSON export (GET /api/transcripts/:id/export?format=json): one paragraph per segment. */
export function dpeOfTranscript(transcript: Pick<TranscriptJson, 'words' | 'segments'>): DpeTranscript {
  const words = transcript.words.map((w, id) => ({ id, start: w.start, end: w.end, text: w.text }));
  const paragraphs = transcript.segments.map((s, id) => {
    const first = words[s.firstWord];
    const last = words[s.firstWord + s.wordCount - 1];
    // the peers pick a paragraph's words by time: its range must cover them all
    return { id, start: Math.min(s.start, first?.start ?? s.start), end: Math.max(s.end, last?.end ?? s.end), speaker: s.speaker ?? 'SPEAKER' };
  });
  return { words, paragraphs };
}
