import { scoreWords, type ErrorRate, type Segment, type WordEdit } from '@verbatim/core';
import type { TranscriptDocTurn } from '@verbatim/core/document';

/** A verified span's standing, as scoring needs it. */
export interface SpanInput {
  readonly startMs: number;
  readonly endMs: number;
  readonly at: number;
}

/**
 * The verified words of one span and one turn, aligned with the machine's words there: the unit every measure sums
 * over, and the cluster of WER's interval.
 */
export interface ScoredUnit {
  /** Which merged span of the transcript (overlapping spans are merged so no word counts twice). */
  readonly span: number;
  /** The turn's speaker label ('' when the span holds no verified words, only machine words). */
  readonly speaker: string;
  /** When the span was verified (the latest of the spans merged into it). */
  readonly verifiedAt: number;
  readonly words: ErrorRate;
  readonly chars: ErrorRate;
  /** Confidence and correctness of each scored machine word. */
  readonly confidences: readonly number[];
  readonly correct: readonly boolean[];
  readonly edits: readonly WordEdit[];
}

interface TimedWord {
  readonly text: string;
  readonly midMs: number;
  readonly confidence: number;
}

/**
 * Scores a transcript's verified spans: ground truth is the current document's words inside the spans (a word is
 * inside when its middle is), the machine's words are the stored original words inside them, split per turn of the
 * document (a machine word goes to the turn whose time it lies in, else the nearest) and aligned with core's
 * `scoreWords`. Overlapping spans are merged first.
 *
 * @example
 * scoreVerifiedSpans(readTranscriptTurns(doc), transcripts.originalSegments(id)!, spans.list(id));
 */
export function scoreVerifiedSpans(turns: readonly TranscriptDocTurn[], original: readonly Segment[], spans: readonly SpanInput[]): ScoredUnit[] {
  const merged = mergeSpans(spans);
  const reference = turns.map((turn) => turn.words.map((w) => ({ text: w.text, midMs: ((w.start + w.end) / 2) * 1000, confidence: w.confidence })));
  const machine: TimedWord[] = original.flatMap((segment) =>
    segment.words.map((w) => ({ text: w.text, midMs: ((w.start + w.end) / 2) * 1000, confidence: w.confidence })),
  );
  const units: ScoredUnit[] = [];
  merged.forEach((span, index) => {
    const inside = (w: TimedWord): boolean => w.midMs >= span.startMs && w.midMs <= span.endMs;
    const groups = reference
      .map((words, turn) => ({ speaker: turns[turn]!.speaker, words: words.filter(inside) }))
      .filter((group) => group.words.length > 0)
      .map((group) => ({ ...group, from: group.words[0]!.midMs, to: group.words[group.words.length - 1]!.midMs, machine: [] as TimedWord[] }));
    const machineInside = machine.filter(inside);
    if (groups.length === 0) {
      if (machineInside.length > 0) groups.push({ speaker: '', words: [], from: span.startMs, to: span.endMs, machine: [] });
      else return;
    }
    for (const word of machineInside) nearest(groups, word.midMs).machine.push(word);
    for (const group of groups) {
      const score = scoreWords(
        group.words.map((w) => w.text),
        group.machine.map((w) => w.text),
      );
      const confidences: number[] = [];
      const correct: boolean[] = [];
      score.correct.forEach((right, i) => {
        if (right === null) return;
        confidences.push(group.machine[i]!.confidence);
        correct.push(right);
      });
      units.push({ span: index, speaker: group.speaker, verifiedAt: span.at, words: score.words, chars: score.chars, confidences, correct, edits: score.edits });
    }
  });
  return units;
}

function nearest<G extends { from: number; to: number }>(groups: readonly G[], ms: number): G {
  let best = groups[0]!;
  let bestDistance = Infinity;
  for (const group of groups) {
    const distance = ms < group.from ? group.from - ms : ms > group.to ? ms - group.to : 0;
    if (distance < bestDistance) {
      best = group;
      bestDistance = distance;
    }
  }
  return best;
}

/** Overlapping or touching spans merged into one, by start; each keeps the latest verification time. */
export function mergeSpans(spans: readonly SpanInput[]): SpanInput[] {
  const sorted = [...spans].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const merged: { startMs: number; endMs: number; at: number }[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.startMs <= last.endMs) {
      last.endMs = Math.max(last.endMs, span.endMs);
      last.at = Math.max(last.at, span.at);
    } else merged.push({ ...span });
  }
  return merged;
}
