// `node bench/carryHumanWords.ts [--words 30000] [--runs 5]`: how long a re-run takes to carry people's words into
// the new output of a long transcript (every tenth word corrected, one in fifty deleted, some reviewed), against the
// text alignment by edit distance (core's alignWords) of the same words, what the carry-over did first. Prints the
// median and spread of each and their ratio; nothing fails.
import { parseArgs } from 'node:util';
import { alignWords, type Segment } from '@verbatim/core';
import type { TranscriptDocTurn } from '@verbatim/core/document';
import { carryHumanWords } from '../src/models/rerun/carryHumanWords.ts';

const { values } = parseArgs({ options: { words: { type: 'string', default: '30000' }, runs: { type: 'string', default: '5' } } });
const words = Number(values.words);
const runs = Number(values.runs);
if (!Number.isInteger(words) || words < 100 || !Number.isInteger(runs) || runs < 1) {
  console.error('Usage: node bench/carryHumanWords.ts [--words N ≥ 100] [--runs N ≥ 1]');
  process.exit(2);
}

// 100 words a turn, one every 0.4 s, as a 3-hour interview has them
const original: Segment[] = [];
for (let turn = 0; turn * 100 < words; turn++) {
  const count = Math.min(100, words - turn * 100);
  const list = Array.from({ length: count }, (_, i) => ({ text: `w${turn * 100 + i}`, start: (turn * 100 + i) * 0.4, end: (turn * 100 + i) * 0.4 + 0.3, confidence: 0.8 }));
  original.push({ speaker: `S${turn % 3}`, start: list[0]!.start, end: list.at(-1)!.end, words: list });
}
const current: TranscriptDocTurn[] = original.map((segment) => ({
  speaker: segment.speaker!,
  start: segment.start,
  words: segment.words
    .map((w, i) => ({ ...w, text: i % 10 === 0 ? `${w.text}x` : w.text, origin: i % 10 === 0 ? ('human' as const) : ('asr' as const), reviewed: i % 10 === 5 }))
    .filter((_, i) => i % 50 !== 7),
}));
const fresh: Segment[] = original.map((segment) => ({ ...segment, words: segment.words.map((w) => ({ ...w, text: `${w.text}f`, start: w.start + 0.01 })) }));

function time(run: () => void): number[] {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b);
}

const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)]!;
const carried = carryHumanWords(current, original, fresh);
const carry = time(() => carryHumanWords(current, original, fresh));
const align = time(() => alignWords(original.flatMap((s) => s.words.map((w) => w.text)), current.flatMap((t) => t.words.map((w) => w.text))));
const show = (ms: number[]) => `${median(ms).toFixed(0)} ms (${ms[0]!.toFixed(0)}-${ms.at(-1)!.toFixed(0)})`;
console.log(`${words} words, ${carried.carriedWords} carried, ${carried.carriedDeletions} deletions kept, ${runs} runs`);
console.log(`  carryHumanWords (time alignment):   ${show(carry)}`);
console.log(`  alignWords of the texts (baseline): ${show(align)}`);
console.log(`  ratio: ${(median(carry) / median(align)).toFixed(3)} of the text alignment`);
