import { describe, expect, it } from 'vitest';
import { buildTurn } from './buildTurn.ts';
import { findTextInTurn } from './findTextInTurn.ts';

const turn = buildTurn('Anna', [
  ['The', 0, 0.2],
  ['rent', 0.3, 0.6],
  ['and', 0.7, 0.8],
  ['the', 0.9, 1],
  ['new', 1.1, 1.3],
  ['clinic', 1.4, 1.9],
]);

describe('findTextInTurn', () => {
  it('finds each occurrence case-insensitively, as a range over the word it covers', () => {
    expect(findTextInTurn(turn, 3, 'the')).toEqual({ anchor: { path: [3, 0], offset: 0 }, focus: { path: [3, 0], offset: 3 } });
    expect(findTextInTurn(turn, 3, 'THE', 1)).toEqual({ anchor: { path: [3, 6], offset: 0 }, focus: { path: [3, 6], offset: 3 } });
    expect(findTextInTurn(turn, 3, 'the', 2)).toBeUndefined();
    expect(findTextInTurn(turn, 3, 'lini')).toEqual({ anchor: { path: [3, 10], offset: 1 }, focus: { path: [3, 10], offset: 5 } });
  });

  it('matches across words as the server reads them (runs of spaces as one)', () => {
    const spaced = { ...turn, children: [...turn.children.slice(0, 3), { text: '   ' }, ...turn.children.slice(4)] };
    expect(findTextInTurn(spaced, 0, 'rent  and')).toEqual({ anchor: { path: [0, 2], offset: 0 }, focus: { path: [0, 4], offset: 3 } });
    expect(findTextInTurn(turn, 0, 'new clinic')).toEqual({ anchor: { path: [0, 8], offset: 0 }, focus: { path: [0, 10], offset: 6 } });
  });

  it('finds nothing for an empty query or text that is not there', () => {
    expect(findTextInTurn(turn, 0, '  ')).toBeUndefined();
    expect(findTextInTurn(turn, 0, 'hospital')).toBeUndefined();
  });
});
