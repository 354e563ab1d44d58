import { segmentWords, type Segment, type Word } from '@verbatim/core';

/**
 * The words in speaker turns: each word takes the speaker of the turn its middle falls in (else of the nearest turn),
 * so words a plugin rewrote or split keep the speaker of the audio they cover; each run of one speaker is then cut
 * into paragraphs at pauses and sentence ends as `segmentWords` does. Every word appears once, in order.
 */
export function speakerSegments(words: readonly Word[], turns: readonly Segment[]): Segment[] {
  const labelled = turns.filter((t) => t.speaker !== undefined && t.words.length > 0);
  if (labelled.length === 0) return segmentWords(words);
  const speakerAt = (time: number): string => {
    let best = labelled[0]!;
    let distance = Infinity;
    for (const t of labelled) {
      const d = time < t.start ? t.start - time : time > t.end ? time - t.end : 0;
      if (d < distance) {
        distance = d;
        best = t;
        if (d === 0) break;
      }
    }
    return best.speaker!;
  };
  const segments: Segment[] = [];
  let run: Word[] = [];
  let speaker: string | undefined;
  const flush = (): void => {
    if (run.length > 0) segments.push(...segmentWords(run, { speaker: speaker! }));
    run = [];
  };
  for (const w of words) {
    const s = speakerAt((w.start + w.end) / 2);
    if (s !== speaker) flush();
    speaker = s;
    run.push(w);
  }
  flush();
  return segments;
}
