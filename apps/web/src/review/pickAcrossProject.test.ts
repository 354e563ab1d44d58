import { describe, expect, it } from 'vitest';
import { pickAcrossProject, type ProjectFlaggedItem } from './pickAcrossProject.ts';

const item = (transcriptId: string, start: number): ProjectFlaggedItem => ({
  transcriptId,
  mediaId: `m-${transcriptId}`,
  mediaName: `${transcriptId}.wav`,
  text: 'w',
  start,
  end: start + 0.2,
  confidence: 0.3,
  context: 'a w b',
});

describe('pickAcrossProject', () => {
  const items = [item('t1', 5), item('t1', 2), item('t3', 9), item('t3', 4)];
  const order = ['t1', 't2', 't3', 't4'];

  it('goes to the first flagged word of the next transcript that has one, wrapping around', () => {
    expect(pickAcrossProject(items, order, 't1', 1)).toMatchObject({ transcriptId: 't3', start: 4 });
    expect(pickAcrossProject(items, order, 't2', 1)).toMatchObject({ transcriptId: 't3', start: 4 });
    expect(pickAcrossProject(items, order, 't3', 1)).toMatchObject({ transcriptId: 't1', start: 2 });
    expect(pickAcrossProject(items, order, 't4', 1)).toMatchObject({ transcriptId: 't1', start: 2 });
  });

  it('goes to the last flagged word of the previous one backwards', () => {
    expect(pickAcrossProject(items, order, 't3', -1)).toMatchObject({ transcriptId: 't1', start: 5 });
    expect(pickAcrossProject(items, order, 't1', -1)).toMatchObject({ transcriptId: 't3', start: 9 });
  });

  it('starts at either end without a current transcript, and never returns the current one', () => {
    expect(pickAcrossProject(items, order, undefined, 1)).toMatchObject({ transcriptId: 't1', start: 2 });
    expect(pickAcrossProject(items, order, undefined, -1)).toMatchObject({ transcriptId: 't3', start: 9 });
    expect(pickAcrossProject([item('t1', 1)], order, 't1', 1)).toBeUndefined();
    expect(pickAcrossProject(items, [], 'tx', 1)).toMatchObject({ transcriptId: 't1' });
  });
});
