import type { VerifiedSpanJson } from '@verbatim/core/api';
import { describe, expect, it } from 'vitest';
import { buildTurn } from '../../editor/buildTurn.ts';
import { WordTimeIndex } from '../../waveform/WordTimeIndex.ts';
import { verifiedBars } from './verifiedBars.ts';

const span = (id: number, startMs: number, endMs: number, scope: VerifiedSpanJson['scope'] = 'span'): VerifiedSpanJson => ({ id, transcriptId: 't', scope, startMs, endMs, by: 'u1', byName: 'Ann', at: 0 });

describe('verifiedBars', () => {
  const index = WordTimeIndex.fromChildren([
    buildTurn('Ann', [
      ['she', 0, 0.2, 0.9],
      ['took', 0.3, 0.5, 0.3],
      ['five', 0.6, 0.8, 0.9],
    ]),
    buildTurn('Bob', [
      ['real', 1, 1.2, 0.3],
      ['daily', 2, 2.4, 0.95],
    ]),
  ]);

  it('finds the first and last word each span covers now', () => {
    const bars = verifiedBars([span(1, 300, 1200), span(2, 0, 2400, 'transcript'), span(3, 1000, 1200, 'turn')], index);
    expect(bars.map((b) => [b.span.id, b.first.leaf.text, b.last.leaf.text])).toEqual([
      [1, 'took', 'real'],
      [2, 'she', 'daily'],
      [3, 'real', 'real'],
    ]);
    expect(bars[1]!.title).toMatch(/^Transcript verified by Ann/);
  });

  it('leaves out a span whose words are gone', () => {
    expect(verifiedBars([span(4, 1300, 1900), span(5, 2500, 3000)], index)).toEqual([]);
  });
});
