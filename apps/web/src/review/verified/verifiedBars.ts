import type { VerifiedSpanJson } from '@verbatim/core/api';
import type { IndexedWord, WordTimeIndex } from '../../waveform/WordTimeIndex.ts';

/** One verified span's first and last word in the document now, and what its bar says on hover. */
export interface VerifiedBar {
  readonly span: VerifiedSpanJson;
  readonly first: IndexedWord;
  readonly last: IndexedWord;
  readonly title: string;
}

// a word's times are rounded to milliseconds on the wire
const EPSILON = 0.0005;

/**
 * The words each span covers now (the first starting at or after its start, the last starting before its end); a
 * span whose words are all gone (deleted since) has no bar.
 */
export function verifiedBars(spans: readonly VerifiedSpanJson[], index: WordTimeIndex): VerifiedBar[] {
  const bars: VerifiedBar[] = [];
  for (const span of spans) {
    const start = span.startMs / 1000;
    const end = span.endMs / 1000;
    let i = index.find(start - EPSILON);
    if (i < 0 || index.word(i)!.start < start - EPSILON) i++;
    const j = index.find(end - EPSILON);
    const first = index.word(i);
    const last = index.word(j);
    if (!first || !last || j < i) continue;
    const who = span.byName ?? 'a reviewer';
    const what = span.scope === 'transcript' ? 'Transcript' : span.scope === 'turn' ? 'Turn' : 'Words';
    bars.push({ span, first, last, title: `${what} verified by ${who}, ${new Date(span.at).toLocaleString()}` });
  }
  return bars;
}
