// Audio-to-caption latency per word, the same way for the browser's operator page and for a Node audio source: a
// word's latency is when its text was first shown (as a partial, or as the final) minus when the last sample of the
// word was sent, both on one clock.
import type { CaptionJson } from '@verbatim/core/api';
import { quantile } from './pageProbes.ts';

/** A caption as it reached the screen: `at` on the same clock as the sent times (ms). */
export interface ShownCaption {
  caption: CaptionJson;
  at: number;
}

/** One word of a final caption and how long its text took to show. */
export interface WordLatency {
  text: string;
  endMs: number;
  /** First shown (in a partial, or only in its final) minus sent. */
  partialMs: number;
  /** Shown in its final minus sent. */
  finalMs: number;
}

/** p50 / p95 of some latencies (ms), and how many there were. */
export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
}

const norm = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, '');

/**
 * The latencies of every word of the finals in `shown`. `sentAt(sample)` is when the sample with that index (on the
 * session's clock) was sent; a word's last sample is the one before its `endMs`. A partial shows the word when one of
 * its words has the same text (case and punctuation aside) starting within `toleranceMs` of the final's word (the
 * window is re-decoded, so times of the same word move by a frame or two). Finals repeated (a reconnect) count once;
 * words whose sent time is unknown are left out.
 *
 * @example
 * wordLatencies([{ caption: partial, at: 1200 }, { caption: final, at: 1900 }], (s) => s / 16, 16_000)
 */
export function wordLatencies(shown: readonly ShownCaption[], sentAt: (sample: number) => number, sampleRate: number, toleranceMs = 300): WordLatency[] {
  const finals = new Map<number, ShownCaption>();
  for (const s of shown) if (s.caption.final && !finals.has(s.caption.seq)) finals.set(s.caption.seq, s);
  const out: WordLatency[] = [];
  for (const { caption, at: finalAt } of [...finals.values()].sort((a, b) => a.caption.seq - b.caption.seq)) {
    for (const word of caption.words) {
      const lastSample = Math.max(0, Math.ceil((word.endMs * sampleRate) / 1000) - 1);
      const sent = sentAt(lastSample);
      if (!Number.isFinite(sent)) continue;
      const text = norm(word.text);
      let first = finalAt;
      for (const s of shown) {
        if (s.at >= first) continue;
        if (s.caption.words.some((w) => norm(w.text) === text && Math.abs(w.startMs - word.startMs) <= toleranceMs)) first = s.at;
      }
      out.push({ text: word.text, endMs: word.endMs, partialMs: first - sent, finalMs: finalAt - sent });
    }
  }
  return out;
}

/** p50 and p95 (nearest rank) of `values`; NaN for none. */
export function summarize(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

/** The text of the finals in `shown`, each once, in order: what the audience read. */
export function finalText(shown: readonly ShownCaption[]): string {
  const finals = new Map<number, string>();
  for (const s of shown) if (s.caption.final && !finals.has(s.caption.seq)) finals.set(s.caption.seq, s.caption.text);
  return [...finals.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, text]) => text)
    .filter((t) => t !== '')
    .join(' ');
}

/**
 * The most concurrent sessions that kept within the limit: steps are tried with growing counts and the count of the
 * last step before the first one that failed (0 when the first failed).
 */
export function sustainedSessions(steps: readonly { sessions: number; ok: boolean }[]): number {
  let best = 0;
  for (const step of [...steps].sort((a, b) => a.sessions - b.sessions)) {
    if (!step.ok) break;
    best = step.sessions;
  }
  return best;
}
