// What a bundle's word LM costs to load (with the runtime's own loader) and which words it lacks:
//   node lm/inspect.ts [--bundle verbatim-en-char-v1] [--oov <sentences.txt>[,<more.txt>]] [--runs 5]
// Prints the load time (fastest and median of --runs fresh loads), the memory the loaded model holds (heap and array
// buffers, measured after a forced GC: run with --expose-gc), the lexicon size and the OOV rate (running words not in
// the lexicon) of each text: one sentence per line, spoken form, or a NeMo-style manifest (.jsonl, its "text").
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadLanguageModel, loadModelBundle } from '@verbatim/asr/node';
import { cliArgs } from './cliArgs.ts';

const USAGE = 'usage: node --expose-gc lm/inspect.ts [--bundle <dir>] [--oov <text or manifest>[,...]] [--runs 5]';
const args = cliArgs(process.argv.slice(2), { bundle: join(import.meta.dirname, '..', 'verbatim-en-char-v1'), oov: '', runs: '5' }, USAGE);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('inspect: run with node --expose-gc (the memory figure needs a forced collection)');
  process.exit(2);
}

const tb = performance.now();
const bundle = await loadModelBundle(args.bundle); // reads model.json and checks the model's and the LM's sha256
const bundleMs = performance.now() - tb;
if (!bundle.lm) {
  console.error(`inspect: ${args.bundle} has no language model (model.json "lm")`);
  process.exit(2);
}
/**
 * Memory after collecting what is garbage: loadModelBundle's hashing leaves buffers of the file behind, and one forced
 * collection did not always free their backing stores before the reading (an array-buffer delta of -15.6 MiB was
 * printed once), so collect until the array buffers stop shrinking, letting a task run between collections.
 */
async function settled(): Promise<NodeJS.MemoryUsage> {
  let last = Infinity;
  for (let i = 0; i < 5; i++) {
    gc!();
    await new Promise((done) => setImmediate(done));
    const now = process.memoryUsage();
    if (now.arrayBuffers >= last) return now;
    last = now.arrayBuffers;
  }
  return process.memoryUsage();
}

// memory first, in a process that has loaded no LM yet; then fresh loads for the time
const before = await settled();
const lm = await loadLanguageModel(bundle);
const after = await settled();
const times: number[] = [];
for (let i = 0; i < Number(args.runs); i++) {
  const t0 = performance.now();
  await loadLanguageModel(bundle);
  times.push(performance.now() - t0);
}
if (!lm) throw new Error('unreachable: the bundle has an LM');
times.sort((a, b) => a - b);
const mib = (x: number) => (x / 2 ** 20).toFixed(1);
const result: Record<string, unknown> = {
  file: bundle.lm.file,
  order: lm.order,
  counts: lm.counts,
  lexicon: lm.words.length - 3,
  bundleCheckMs: Math.round(bundleMs),
  loadMs: { fastest: Math.round(times[0] as number), median: Math.round(times[times.length >> 1] as number), runs: times.length },
  memoryMiB: { heap: Number(mib(after.heapUsed - before.heapUsed)), arrayBuffers: Number(mib(after.arrayBuffers - before.arrayBuffers)), rss: Number(mib(after.rss - before.rss)) },
};
console.log(
  `inspect: ${bundle.lm.file}: order ${lm.order}, n-grams ${lm.counts.join(' / ')}, lexicon ${result.lexicon} words; ` +
    `loadModelBundle (hashes included) ${bundleMs.toFixed(0)} ms; load ${times[0]!.toFixed(0)} ms fastest, ${times[times.length >> 1]!.toFixed(0)} ms median of ${times.length}; ` +
    `holds ${mib(after.heapUsed - before.heapUsed)} MiB heap + ${mib(after.arrayBuffers - before.arrayBuffers)} MiB array buffers (rss +${mib(after.rss - before.rss)} MiB)`,
);
const oov: Record<string, { words: number; oov: number; rate: number; examples: string[] }> = {};
for (const file of args.oov.split(',').filter(Boolean)) {
  const raw = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const lines = file.endsWith('.jsonl') ? raw.map((l) => String(JSON.parse(l).text)) : raw;
  let words = 0;
  let missing = 0;
  const examples = new Map<string, number>();
  for (const l of lines) {
    for (const w of l.split(/\s+/).filter(Boolean)) {
      words++;
      if (lm.wordId(w) === lm.unkId) {
        missing++;
        examples.set(w, (examples.get(w) ?? 0) + 1);
      }
    }
  }
  const top = [...examples].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([w]) => w);
  oov[basename(file)] = { words, oov: missing, rate: missing / Math.max(1, words), examples: top };
  console.log(`inspect: OOV ${basename(file).padEnd(28)} ${((100 * missing) / Math.max(1, words)).toFixed(2)}% of ${words} words (${top.join(', ')})`);
}
console.log(JSON.stringify({ ...result, oov }));
