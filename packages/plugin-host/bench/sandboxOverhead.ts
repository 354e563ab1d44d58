// `npm run bench` (this package): what the plugin sandbox costs per call. The first-party medical plugin's two
// post-processors run over 1 word (the fixed cost of a call), 1,000 and 32,000 words (a 3-hour interview), once in
// this process with no isolation (the baseline, measured in the same run) and once through PluginHost (IPC to the
// sandbox process, a copy into and out of the isolate, the host's validation). Also the cold start (bundle,
// process, isolate, activate). The two arms alternate which goes first from run to run; prints min / median / max of
// each and of the per-run ratio, the machine's load, and one `BENCH {json}` line.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createPluginContext, pluginFromModule, type PluginWord, type PostProcessor } from '@verbatim/plugin-sdk';
import { alternate, formatSpread, machineLoad, MIN_RUNS, ratioSpread, type Spread, spreadOf, timed } from '../../../tests/bench/alternatingRuns.ts';
import { discoverPlugins, PluginHost } from '../src/index.ts';
import { mergePostProcessResult } from '../src/mergePostProcessResult.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, help: { type: 'boolean', default: false } } });
if (values.help) {
  console.log('Usage: node bench/sandboxOverhead.ts [--runs 15]');
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < MIN_RUNS) {
  console.error(`bench: --runs takes a whole number of at least ${MIN_RUNS}`);
  process.exit(2);
}

const pluginsDir = resolve(import.meta.dirname, '../../../plugins');
const vocabulary = 'the patient takes five milligrams of metoprolol twice a day and an e c g showed atrial fibrillation'.split(' ');
const wordsOf = (n: number): PluginWord[] =>
  Array.from({ length: n }, (_, i) => ({ text: vocabulary[i % vocabulary.length]!, start: i * 0.4, end: i * 0.4 + 0.3, confidence: 0.5 + (i % 5) / 10 }));

const round = (ms: number) => Math.round(ms * 100) / 100;
const rounded = (x: Spread) => ({ min: round(x.min), median: round(x.median), max: round(x.max) });

const { plugins, problems } = await discoverPlugins({ dirs: [pluginsDir] });
const medical = plugins.find((p) => p.id === 'medical');
if (!medical?.main || problems.length > 0) {
  console.error(`bench: the medical plugin did not load from ${pluginsDir} (build it first: npm run build)`, problems);
  process.exit(1);
}

// baseline: the same post-processors called directly in this process, with the host's own checks of each result
// (which it made before the sandbox too), so the difference is what isolation costs
const handle = createPluginContext('medical', { info: () => {}, warn: () => {} });
await pluginFromModule(await import(pathToFileURL(medical.main).href)).activate(handle.context);
const direct = async (words: PluginWord[]) => {
  let current = words;
  for (const p of medical.contributes.postProcessors) {
    const fn = handle.registry.postProcessors.get(p.id) as PostProcessor;
    const result = await fn(Object.freeze(current.map((w) => Object.freeze({ ...w }))), { language: 'en', signal: new AbortController().signal });
    current = mergePostProcessResult(current, result, 'medical', p.id).words;
  }
  return current;
};

const coldStart = performance.now();
const host = new PluginHost({ plugins: [medical], callTimeoutMs: 60_000 });
await host.postProcess(['medical'], wordsOf(1));
const cold = performance.now() - coldStart;

const rows: { words: number; direct: Spread; sandboxed: Spread; overheadMs: number; ratio: Spread }[] = [];
for (const n of [1, 1000, 32_000]) {
  const words = wordsOf(n);
  // warm-up of both, then the arms alternate which goes first
  await direct(words);
  await host.postProcess(['medical'], words);
  const { results } = await alternate(runs, { direct: () => timed(() => direct(words)), sandboxed: () => timed(() => host.postProcess(['medical'], words)) });
  const d = spreadOf(results.direct);
  const sb = spreadOf(results.sandboxed);
  rows.push({ words: n, direct: d, sandboxed: sb, overheadMs: round(sb.median - d.median), ratio: ratioSpread(results.sandboxed, results.direct) });
}
await host.dispose();

const ms = (x: Spread) => formatSpread(x, (n) => `${round(n)}`);
console.log(`Plugin sandbox overhead (medical plugin's post-processors; in-process = the same code and the host's result checks, unisolated; ${runs} runs each, alternating which goes first; min / median / max ms; ${machineLoad()})`);
console.log(`cold start (bundle + process + isolate + activate): ${round(cold)} ms`);
for (const r of rows) {
  console.log(`${String(r.words).padStart(6)} words: in-process ${ms(r.direct)}, sandboxed ${ms(r.sandboxed)} -> +${r.overheadMs} ms (medians), ratio ${formatSpread(r.ratio)}`);
}
console.log(`BENCH ${JSON.stringify({ bench: 'plugin-sandbox-overhead', runs, coldStartMs: round(cold), perCall: rows.map((r) => ({ words: r.words, direct: rounded(r.direct), sandboxed: rounded(r.sandboxed), overheadMs: r.overheadMs, ratio: rounded(r.ratio) })) })}`);
