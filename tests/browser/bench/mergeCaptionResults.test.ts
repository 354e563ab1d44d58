import { describe, expect, it } from 'vitest';
import { mergeCaptionResults, type CaptionResultsFile } from './mergeCaptionResults.ts';

const headline = (over: Partial<CaptionResultsFile['headline']> = {}) => ({ captionPartialP95Ms: null, captionFinalP95Ms: null, finalWerRatio: null, cpuPerSession: null, concurrentSessions: null, ...over });
const full: CaptionResultsFile = {
  date: '2026-12-01T00:00:00.000Z',
  parts: ['node', 'browser', 'concurrent'],
  node: { ratio: 0.9 },
  browser: { partial: 1 },
  concurrent: { sustained: 4 },
  headline: headline({ captionPartialP95Ms: 531, captionFinalP95Ms: 1333, finalWerRatio: 0.9, cpuPerSession: 0.05, concurrentSessions: 4 }),
};

describe('mergeCaptionResults', () => {
  it('keeps the parts a partial run did not measure, with their headline figures and dates', () => {
    const nodeOnly: CaptionResultsFile = { date: '2026-12-07T00:00:00.000Z', parts: ['node'], node: { ratio: 0.7 }, headline: headline({ finalWerRatio: 0.7, cpuPerSession: 0.04 }) };
    const merged = mergeCaptionResults(full, nodeOnly, new Set(['node']));
    expect(merged.node).toEqual({ ratio: 0.7 });
    expect(merged.browser).toEqual({ partial: 1 });
    expect(merged.concurrent).toEqual({ sustained: 4 });
    expect(merged.headline).toEqual({ captionPartialP95Ms: 531, captionFinalP95Ms: 1333, finalWerRatio: 0.7, cpuPerSession: 0.04, concurrentSessions: 4 });
    expect(merged.parts.sort()).toEqual(['browser', 'concurrent', 'node']);
    expect(merged.partDates).toEqual({ node: '2026-12-07T00:00:00.000Z', browser: '2026-12-01T00:00:00.000Z', concurrent: '2026-12-01T00:00:00.000Z' });
  });

  it('replaces a part that ran, even when it failed this time (its figures null, its error kept)', () => {
    const failed: CaptionResultsFile = { date: '2026-12-07T00:00:00.000Z', parts: ['browser'], browserError: 'no Chromium', headline: headline() };
    const merged = mergeCaptionResults(full, failed, new Set(['browser']));
    expect(merged.browser).toBeUndefined();
    expect(merged.browserError).toBe('no Chromium');
    expect(merged.headline.captionPartialP95Ms).toBeNull();
    expect(merged.headline.finalWerRatio).toBe(0.9);
  });

  it('writes a first run as it is', () => {
    const first: CaptionResultsFile = { date: '2026-12-07T00:00:00.000Z', parts: ['node'], node: {}, headline: headline({ finalWerRatio: 0.7 }) };
    expect(mergeCaptionResults(undefined, first, new Set(['node']))).toEqual({ ...first, partDates: { node: first.date } });
  });
});
