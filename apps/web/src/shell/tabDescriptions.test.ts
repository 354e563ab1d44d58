import { describe, expect, it } from 'vitest';
import { tabDescriptions } from './tabDescriptions.ts';

describe('tabDescriptions', () => {
  it('adds nothing to names that are unique', () => {
    expect(tabDescriptions([{ name: 'a.wav', details: ['P1'] }, { name: 'b.wav', details: ['P1'] }])).toEqual([undefined, undefined]);
  });

  it('tells tabs of the same name apart by the first detail that differs (the project, then the upload date)', () => {
    expect(
      tabDescriptions([
        { name: 'interview.wav', details: ['Project A', '3 May'] },
        { name: 'notes', details: [] },
        { name: 'interview.wav', details: ['Project B', '3 May'] },
      ]),
    ).toEqual(['Project A', undefined, 'Project B']);
    expect(
      tabDescriptions([
        { name: 'interview.wav', details: ['Project A', '3 May'] },
        { name: 'interview.wav', details: ['Project A', '9 May'] },
        { name: 'interview.wav', details: ['Project B', '9 May'] },
      ]),
    ).toEqual(['Project A · 3 May', 'Project A · 9 May', 'Project B · 9 May']);
  });

  it('numbers tabs whose details are all the same', () => {
    expect(tabDescriptions([{ name: 'x', details: ['P'] }, { name: 'x', details: ['P'] }])).toEqual(['#1', '#2']);
  });
});
