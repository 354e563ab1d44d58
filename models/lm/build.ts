// Builds the bundle's word n-gram LM from the recipe's training text (never its dev/test sentences):
//   node lm/build.ts --text recipe/work/text/general_train.txt --out verbatim-en-char-v1/lm.bin [--order 3]
//        [--min-counts 1,1,2] [--arpa lm.arpa] [--dev recipe/work/text/general_dev.txt]
//   Several texts are comma-separated; --repeat 4,1 counts the first text four times (weights the recipe's own text
//   against a large general collection); --max-words / --min-word-count bound the lexicon, and a sentence with a word
//   outside it is left out (counted as <unk> it would make unknown spellings cheap in decoding).
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { encodeNgramModel, estimateNgramModel, toArpa } from '@verbatim/asr';
import { cliArgs } from './cliArgs.ts';

const USAGE =
  'usage: node lm/build.ts --text <sentences.txt>[,<more.txt>] --out <lm.bin> [--order 3] [--min-counts 1,1,2] [--arpa <file>] [--dev <sentences.txt>]\n' +
  '       [--repeat 1[,1]] [--max-words N] [--min-word-count 1]';
const args = cliArgs(process.argv.slice(2), { text: '', out: '', order: '3', 'min-counts': '1,1,2', arpa: '', dev: '', repeat: '', 'max-words': '', 'min-word-count': '1' }, USAGE);
if (!args.text || !args.out) {
  console.error(USAGE);
  process.exit(2);
}
const files = args.text.split(',');
const repeat = args.repeat ? args.repeat.split(',').map(Number) : files.map(() => 1);
if (repeat.length !== files.length || repeat.some((r) => !Number.isInteger(r) || r < 1)) {
  console.error(`build: --repeat needs one positive integer per text (${files.length}), got ${args.repeat}`);
  process.exit(2);
}
const ctl = new AbortController();
process.once('SIGINT', () => ctl.abort(new Error('interrupted')));
const t0 = performance.now();
let texts = files.map((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()));
console.log(`lm: ${texts.map((t, i) => `${t.length} sentences from ${files[i]}${repeat[i] === 1 ? '' : ` (x${repeat[i]})`}`).join(', ')}`);
const maxWords = args['max-words'] ? Number(args['max-words']) : Infinity;
const minWordCount = Number(args['min-word-count']);
if (maxWords < Infinity || minWordCount > 1) {
  const counts = new Map<string, number>();
  for (const [i, t] of texts.entries()) for (const l of t) for (const w of l.split(/\s+/)) if (w) counts.set(w, (counts.get(w) ?? 0) + (repeat[i] as number));
  const lexicon = new Set(
    [...counts].filter(([, c]) => c >= minWordCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxWords).map(([w]) => w),
  );
  texts = texts.map((t, i) => {
    const kept = t.filter((l) => l.split(/\s+/).every((w) => !w || lexicon.has(w)));
    console.log(`lm: lexicon ${lexicon.size} of ${counts.size} words; ${files[i]}: ${t.length - kept.length} of ${t.length} sentences hold another word, left out`);
    return kept;
  });
}
function* lines(): Generator<string> {
  for (const [i, t] of texts.entries()) for (let r = 0; r < (repeat[i] as number); r++) yield* t;
}
try {
  const lm = estimateNgramModel(lines(), {
    order: Number(args.order),
    minCounts: args['min-counts'].split(',').map(Number),
    signal: ctl.signal,
  });
  const bytes = encodeNgramModel(lm);
  writeFileSync(`${args.out}.partial`, bytes);
  renameSync(`${args.out}.partial`, args.out);
  if (args.arpa) writeFileSync(args.arpa, toArpa(lm));
  let summary = `lm: order ${lm.order}, n-grams ${lm.counts.join(' / ')}, ${(bytes.length / 2 ** 20).toFixed(1)} MiB, ${((performance.now() - t0) / 1000).toFixed(1)} s -> ${args.out}`;
  if (args.dev) {
    const dev = readFileSync(args.dev, 'utf8').split('\n').filter(Boolean);
    let lp = 0;
    let n = 0;
    let oov = 0;
    for (const s of dev) {
      const ws = s.split(' ');
      lp += lm.sentenceLogProb(ws);
      n += ws.length + 1;
      oov += ws.filter((w) => lm.wordId(w) === lm.unkId).length;
    }
    summary += `; dev perplexity ${Math.exp(-lp / n).toFixed(1)}, OOV ${((100 * oov) / n).toFixed(1)}%`;
  }
  console.log(summary);
} catch (err) {
  if (ctl.signal.aborted) {
    console.error('lm: interrupted, nothing written');
    process.exit(130);
  }
  throw err;
}
