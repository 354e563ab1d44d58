import { createContextGraph } from './contextGraph.ts';
import { createTokenizer } from './createTokenizer.ts';
import { prefixBeamSearch, type PrefixBeamSearchOptions } from './prefixBeamSearch.ts';
import { seededRandom } from './seededRandom.ts';
import type { LogProbs } from './types.ts';
import type { VocabularyEntry } from './VocabularyEntry.ts';

// A character layout like the bundled model's (boundary, a-z, apostrophe, blank); the benchmark owns its data.
const TOKENS = ['▁', ...'abcdefghijklmnopqrstuvwxyz', "'", '<blk>'];
const BLANK = TOKENS.length - 1;
const FRAMES = 15_000; // 10 minutes at 40 ms per frame
const PHRASES = 1_000;
const RUNS = 5;

/**
 * Times prefix beam search (beam 8, token pruning at -10) on 10 minutes of synthetic peaky CTC output with and
 * without a 1,000-phrase vocabulary, in the same run. `plain` and `boosted` are median milliseconds; the issue's
 * target is `ratio <= 1.5`.
 */
export async function benchBoosting(): Promise<{ plain: number; boosted: number; ratio: number }> {
  const rand = seededRandom(20240611);
  const word = pseudoWord(rand);
  const entries: VocabularyEntry[] = Array.from({ length: PHRASES }, () => ({
    phrase: rand() < 0.2 ? `${word()} ${word()}` : word(),
  }));
  const graph = createContextGraph(entries, {
    tokenize: createTokenizer(TOKENS, { blankId: BLANK, wordBoundaryId: 0 }),
    vocabSize: TOKENS.length,
    blankId: BLANK,
    wordBoundaryId: 0,
  });
  // A fifth of the spoken words are vocabulary phrases, so boosting has matches to follow and cancel.
  const speech = () => (rand() < 0.2 ? (entries[Math.floor(rand() * PHRASES)] as VocabularyEntry).phrase : word());
  const lp = peakyLogProbs(speech, rand);
  const base: PrefixBeamSearchOptions = { blankId: BLANK, beam: 8, tokenPruneLogProb: -10 };
  const plainMs: number[] = [];
  const boostedMs: number[] = [];
  prefixBeamSearch(lp, base);
  prefixBeamSearch(lp, { ...base, boosting: graph });
  for (let i = 0; i < RUNS; i++) {
    plainMs.push(time(() => prefixBeamSearch(lp, base)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    boostedMs.push(time(() => prefixBeamSearch(lp, { ...base, boosting: graph })));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const plain = median(plainMs);
  const boosted = median(boostedMs);
  return { plain, boosted, ratio: boosted / plain };
}

// Pronounceable words: two or three consonant-vowel syllables, sometimes closed by a consonant.
function pseudoWord(rand: () => number): () => string {
  const pick = (s: string) => s[Math.floor(rand() * s.length)] as string;
  return () => {
    let w = '';
    const syllables = 2 + Math.floor(rand() * 2);
    for (let i = 0; i < syllables; i++) {
      w += pick('bcdfghklmnprstvz') + pick('aeiou') + (rand() < 0.3 ? pick('lnrst') : '');
    }
    return w;
  };
}

// CTC-like output: each character on one or two frames followed by blanks, the rest of the mass far below (around
// e^-14), and one frame in eight uncertain between the right token and another.
function peakyLogProbs(speech: () => string, rand: () => number): LogProbs {
  const V = TOKENS.length;
  const targets = new Int32Array(FRAMES).fill(BLANK);
  for (let t = 0; t < FRAMES; ) {
    for (const ch of [...speech(), ' ']) {
      const id = ch === ' ' ? 0 : TOKENS.indexOf(ch);
      for (let r = rand() < 0.3 ? 2 : 1; r > 0 && t < FRAMES; r--) targets[t++] = id;
      for (let b = Math.floor(rand() * 3); b > 0 && t < FRAMES; b--) targets[t++] = BLANK;
    }
  }
  const data = new Float32Array(FRAMES * V);
  const logits = new Float64Array(V);
  for (let t = 0; t < FRAMES; t++) {
    for (let v = 0; v < V; v++) logits[v] = -14 + 4 * gaussian(rand);
    logits[targets[t] as number] = 0;
    if (rand() < 0.125) logits[Math.floor(rand() * V)] = -0.5 - 2 * rand();
    let max = -Infinity;
    for (const x of logits) max = Math.max(max, x);
    let sum = 0;
    for (const x of logits) sum += Math.exp(x - max);
    const logZ = max + Math.log(sum);
    for (let v = 0; v < V; v++) data[t * V + v] = (logits[v] as number) - logZ;
  }
  return { data, frames: FRAMES, vocab: V };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

if (import.meta.main) {
  const { plain, boosted, ratio } = await benchBoosting();
  console.log(
    `beam search, 15,000 frames, beam 8: plain ${plain.toFixed(1)} ms, ` +
      `with 1,000 phrases ${boosted.toFixed(1)} ms, ratio ${ratio.toFixed(2)} (target <= 1.5)`,
  );
}
