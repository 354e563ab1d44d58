import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippetParts.ts';

// what the server sends: the turn's text with 60 characters either side of the match, "…" where it cut
const turn = 'the interview started at ten in the morning we talked about the rent and the new clinic for an hour and the nurse';
function serverSnippet(at: number, length: number): string {
  const from = Math.max(0, at - 60);
  const to = Math.min(turn.length, at + length + 60);
  return `${from > 0 ? '…' : ''}${turn.slice(from, to)}${to < turn.length ? '…' : ''}`;
}
const occurrences = (needle: string) => [...turn.matchAll(new RegExp(needle, 'g'))].map((m) => m.index);

describe('snippetParts', () => {
  it('finds the match far into a turn and keeps only a few words before it', () => {
    const at = turn.indexOf('clinic');
    expect(snippetParts(serverSnippet(at, 6), 'Clinic', 0)).toEqual({ before: '…the rent and the new ', match: 'clinic', after: ' for an hour and the nurse' });
  });

  it('marks the hit\'s own occurrence when the same word comes several times', () => {
    const starts = occurrences('the');
    expect(starts.length).toBe(5);
    starts.forEach((at, i) => {
      const parts = snippetParts(serverSnippet(at!, 3), 'the', i, 200)!;
      expect(parts.match).toBe('the');
      // what comes after the match is what follows that occurrence in the turn
      expect(turn.slice(at! + 3).startsWith(parts.after.replace(/…$/, ''))).toBe(true);
    });
  });

  it('keeps a short start as it is, and gives up on a snippet without the query', () => {
    expect(snippetParts('the interview started', 'interview', 0)).toEqual({ before: 'the ', match: 'interview', after: ' started' });
    expect(snippetParts('the interview started', 'clinic', 0)).toBeUndefined();
  });
});
