import type { Segment } from '@verbatim/core';
import type { CaptionJson } from '@verbatim/core/api';

/**
 * A transcript's segments made of a live session's final captions: one segment per final with words, times in
 * seconds on the session's clock, which is the stored recording's (its first sample is 0 ms). Words are clamped to
 * the recording's length (a last final may end a few ms past the last sample); words a plugin's display form spelt
 * with spaces are kept as one word per space-separated piece over the same time, as the document needs.
 */
export function captionsToSegments(finals: readonly CaptionJson[], durationSeconds: number): Segment[] {
  const clamp = (ms: number) => Math.min(Math.max(0, ms / 1000), durationSeconds);
  const segments: Segment[] = [];
  for (const caption of finals) {
    const words = caption.words.flatMap((word) => {
      const pieces = word.text.split(/\s+/u).filter((piece) => piece !== '');
      const start = clamp(word.startMs);
      const end = Math.max(start, clamp(word.endMs));
      const share = (end - start) / Math.max(1, pieces.length);
      const confidence = Math.min(1, Math.max(0, word.confidence));
      return pieces.map((text, i) => ({ text, start: start + i * share, end: start + (i + 1) * share, confidence }));
    });
    if (words.length === 0) continue;
    segments.push({ start: Math.min(clamp(caption.startMs), words[0]!.start), end: Math.max(clamp(caption.endMs), words.at(-1)!.end), words });
  }
  return segments;
}
