import { describe, expect, it } from 'vitest';
import { DEFAULT_QUALITY_SETTINGS } from './QualitySettings.ts';
import { alertOf, lastWords, trendOf, type PlacedUnit } from './summarizeModel.ts';

const unit = (verifiedAt: number, total: number, errors: number, confidence = 0.9): PlacedUnit => ({
  span: 0,
  speaker: '',
  verifiedAt,
  words: { errors, total, rate: errors / total, substitutions: errors, insertions: 0, deletions: 0 },
  chars: { errors, total, rate: errors / total, substitutions: errors, insertions: 0, deletions: 0 },
  confidences: Array.from({ length: total }, () => confidence),
  correct: Array.from({ length: total }, (_, i) => i >= errors),
  edits: [],
  threshold: 0.6,
  transcriptId: `t${verifiedAt}`,
  projectId: 'p',
  mediaId: 'm',
  transcriptCreatedAt: verifiedAt,
});

const settings = { ...DEFAULT_QUALITY_SETTINGS, baselineWords: 10, windowWords: 10, werMargin: 0.05, eceMargin: 0.5 };

describe('alertOf', () => {
  it('needs a baseline and a window that do not overlap', () => {
    expect(alertOf([unit(1, 10, 0), unit(2, 5, 5)], settings)).toMatchObject({ state: 'not-enough-data', baselineWer: null });
  });

  it('fires when the window is worse than the baseline by more than the margin, in verification order', () => {
    expect(alertOf([unit(2, 10, 3), unit(1, 10, 1)], settings)).toMatchObject({ state: 'alert', baselineWer: 0.1, windowWer: 0.3 });
    expect(alertOf([unit(1, 10, 1), unit(2, 10, 1)], settings)).toMatchObject({ state: 'ok' });
    // worse by exactly the margin does not fire
    expect(alertOf([unit(1, 20, 2), unit(2, 20, 3)], { ...settings, baselineWords: 20, windowWords: 20 })).toMatchObject({ state: 'ok' });
  });
});

describe('lastWords', () => {
  it('takes whole units from the end until it holds the words', () => {
    const units = [unit(1, 4, 0), unit(2, 4, 0), unit(3, 4, 0)];
    expect(lastWords(units, 5).map((u) => u.verifiedAt)).toEqual([2, 3]);
    expect(lastWords(units, 100)).toHaveLength(3);
  });
});

describe('trendOf', () => {
  it('groups by ISO week of verification and gives rates only for weeks with enough words', () => {
    const monday = Date.UTC(2026, 10, 30);
    const trend = trendOf([unit(monday, 10, 2), unit(monday + 86_400_000, 10, 0), unit(monday + 7 * 86_400_000, 5, 5)], 10);
    expect(trend).toEqual([
      { week: '2026-W49', verifiedWords: 20, wer: 0.1, ece: expect.any(Number) },
      { week: '2026-W50', verifiedWords: 5, wer: null, ece: null },
    ]);
  });
});
