import type { PluginWord } from '../PluginWord.ts';

/** Options of {@link wordsFromText}. */
export interface WordsFromTextOptions {
  /** Start of the first word in seconds (default 0). */
  start?: number;
  /** Seconds per word (default 0.4). */
  step?: number;
  /** Confidence of every word (default 0.9), or one per word. */
  confidence?: number | readonly number[];
  /** Origin of every word (default: none, as the speech runtime's words have none). */
  origin?: string;
}

/**
 * Word fixtures from text split on whitespace: word i spans [start + i*step, start + (i+1)*step).
 *
 * @example
 * wordsFromText('take five milligrams', { start: 0, step: 0.4 });
 * // [{ text: 'take', start: 0, end: 0.4, ... }, { text: 'five', start: 0.4, end: 0.8, ... }, ...]
 */
export function wordsFromText(text: string, options: WordsFromTextOptions = {}): PluginWord[] {
  const { start = 0, step = 0.4, confidence = 0.9, origin } = options;
  if (!Number.isFinite(start) || start < 0) throw new RangeError(`start must be a finite number >= 0, got ${start}`);
  if (!Number.isFinite(step) || step < 0) throw new RangeError(`step must be a finite number >= 0, got ${step}`);
  return text
    .split(/\s+/u)
    .filter((t) => t !== '')
    .map((t, i) => ({
      text: t,
      start: round(start + i * step),
      end: round(start + (i + 1) * step),
      confidence: typeof confidence === 'number' ? confidence : (confidence[i] ?? 0.9),
      ...(origin === undefined ? {} : { origin }),
    }));
}

// 0.1 + 0.2 style noise makes fixtures awkward to compare; microseconds are plenty
function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
