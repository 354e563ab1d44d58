// Builds the bundle's word n-gram LM from the recipe's training text (never its dev/test sentences):
//   node lm/build.ts --text recipe/work/text/general_train.txt --out verbatim-en-char-v1/lm.bin [--order 3]
//        [--min-counts 1,1,2] [--arpa lm.arpa] [--dev recipe/work/text/general_dev.txt]
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { encodeNgramModel, estimateNgramModel, toArpa } from '@verbatim/asr';
import { cliArgs } from './cliArgs.ts';

const USAGE = 'usage: node lm/build.ts --text <sentences.txt>[,<more.txt>] --out <lm.bin> [--order 3] [--min-counts 1,1,2] [--arpa <file>] [--dev <sentences.txt>]';
const args = cliArgs(process.argv.slice(2), { text: '', out: '', order: '3', 'min-counts': '1,1,2', arpa: '', dev: '' }, USAGE);
if (!args.text || !args.out) {
  console.error(USAGE);
  process.exit(2);
}
const ctl = new AbortController();
process.once('SIGINT', () => ctl.abort(new Error('interrupted')));
const t0 = performance.now();
const lines = args.text.split(',').flatMap((f) => readFileSync(f, 'utf8').split('\n'));
console.log(`lm: ${lines.length} sentences from ${args.text}`);
try {
  const lm = estimateNgramModel(lines, {
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
