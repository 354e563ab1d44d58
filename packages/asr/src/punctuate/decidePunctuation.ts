import type { PunctuationConfig, PunctuationMark, WordCase } from './PunctuationConfig.ts';

/** Where each model window starts over `n` words: every `stride`, the last one ending exactly at the end (no padding). */
export function windowStarts(n: number, window: number, stride: number): number[] {
  if (n <= window) return [0];
  const starts: number[] = [];
  for (let s = 0; s < n - window; s += stride) starts.push(s);
  starts.push(n - window);
  return starts;
}

/** The model's scores of every window, flat: `(windows, length, classes)` row-major. */
export interface WindowScores {
  readonly marks: Float32Array;
  readonly cases: Float32Array;
}

/** The mark after each word and each word's case, by index. */
export interface PunctuationDecision {
  marks: PunctuationMark[];
  cases: WordCase[];
}

const SENTENCE_END = new Set<PunctuationMark>(['.', '?', '!']);
// seconds: a longer silence says no more about a sentence end
const MAX_PAUSE = 1.5;

/**
 * Reads the tagger's window scores as one decision per word: each word takes the scores of the window where it is
 * furthest from a cut edge (the stream's own ends are not cuts), the best class wins; a run longer than
 * `maxSentenceWords` without a sentence end gets a period where the model finds one likeliest (never in its first or
 * last five words), the last word ends a sentence, a pause after a word (`pauses`, seconds) favours a sentence end
 * there by `pauseBias` per second, and the word after every sentence end, and the first word, starts
 * with a capital.
 */
export function decidePunctuation(n: number, starts: readonly number[], scores: WindowScores, config: PunctuationConfig, pauses?: ArrayLike<number>): PunctuationDecision {
  const length = Math.min(n, config.window);
  const nm = config.marks.length;
  const nc = config.cases.length;
  const centre = new Int32Array(n).fill(-1);
  const from = new Int32Array(n); // flat row of the chosen window position
  starts.forEach((s, k) => {
    for (let j = 0; j < length; j++) {
      const i = s + j;
      const c = Math.min(s > 0 ? j : n, s + length < n ? length - 1 - j : n);
      if (c > centre[i]!) {
        centre[i] = c;
        from[i] = k * length + j;
      }
    }
  });
  const periodClass = config.marks.indexOf('.');
  const marks: PunctuationMark[] = [];
  const cases: WordCase[] = [];
  const periodScore = new Float32Array(n);
  const ends = config.marks.map((m) => SENTENCE_END.has(m));
  for (let i = 0; i < n; i++) {
    const row = from[i]!;
    const pause = config.pauseBias * Math.min(MAX_PAUSE, Math.max(0, pauses?.[i] ?? 0));
    const bias = pause === 0 ? config.markBias : config.markBias.map((b, c) => b + (ends[c] ? pause : 0));
    marks.push(config.marks[argmax(scores.marks, row * nm, nm, bias)]!);
    cases.push(config.cases[argmax(scores.cases, row * nc, nc)]!);
    periodScore[i] = periodClass < 0 ? 0 : logSoftmaxAt(scores.marks, row * nm, nm, periodClass) + pause;
  }
  // the transcript's last word ends a sentence (the tagger, trained on windows cut anywhere, rarely says so at an edge)
  if (n > 0 && !SENTENCE_END.has(marks[n - 1]!) && periodClass >= 0) marks[n - 1] = '.';
  if (periodClass >= 0) boundSentences(marks, periodScore, config.maxSentenceWords);
  for (let i = 0; i < n; i++) {
    if ((i === 0 || SENTENCE_END.has(marks[i - 1]!)) && cases[i] === 'lower') cases[i] = 'capital';
  }
  return { marks, cases };
}

/** Puts a period into every run of more than `limit` words without a sentence end, where `periodScore` is highest. */
export function boundSentences(marks: PunctuationMark[], periodScore: ArrayLike<number>, limit: number): void {
  let start = 0;
  for (let i = 0; i < marks.length; i++) {
    if (SENTENCE_END.has(marks[i]!)) {
      start = i + 1;
    } else if (i - start + 1 > limit) {
      const lo = start + 4;
      const hi = i - 5;
      let cut = i;
      if (hi >= lo) {
        cut = lo;
        for (let k = lo + 1; k <= hi; k++) if (periodScore[k]! > periodScore[cut]!) cut = k;
      }
      marks[cut] = '.';
      start = cut + 1;
    }
  }
}

function argmax(data: Float32Array, offset: number, count: number, bias?: readonly number[]): number {
  let best = 0;
  const at = (c: number) => data[offset + c]! + (bias?.[c] ?? 0);
  for (let c = 1; c < count; c++) if (at(c) > at(best)) best = c;
  return best;
}

function logSoftmaxAt(data: Float32Array, offset: number, count: number, at: number): number {
  let max = -Infinity;
  for (let c = 0; c < count; c++) max = Math.max(max, data[offset + c]!);
  let sum = 0;
  for (let c = 0; c < count; c++) sum += Math.exp(data[offset + c]! - max);
  return data[offset + at]! - max - Math.log(sum);
}
