// `npm run bench` (this package): what the plugin sandbox costs per call. The first-party medical plugin's two
// post-processors run over 1 word (the fixed cost of a call), 1,000 and 32,000 words (a 3-hour interview), once in
// this process with no isolation (the baseline, measured in the same run) and once through PluginHost (IPC to the
// sandbox process, a copy into and out of the isolate, the host's validation). Also the cold start (bundle,
// process, isolate, activate). Prints medians with the spread (p10-p90) and one `BENCH {json}` line.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createPluginContext, pluginFromModule, type PluginWord, type PostProcessor } from '@verbatim/plugin-sdk';
import { discoverPlugins, PluginHost } from '../src/index.ts';
import { mergePostProcessResult } from '../src/mergePostProcessResult.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, help: { type: 'boolean', default: false } } });
if (values.help) {
  console.log('Usage: node bench/sandboxOverhead.ts [--runs 15]');
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 3) {
  console.error('bench: --runs takes a whole number of at least 3');
  process.exit(2);
}

const pluginsDir = resolve(import.meta.dirname, '../../../plugins');
const vocabulary = 'the patient takes five milligrams of metoprolol twice a day and an e c g showed atrial fibrillation'.split(' ');
const wordsOf = (n: number): PluginWord[] =>
  Array.from({ length: n }, (_, i) => ({ text: vocabulary[i % vocabulary.length]!, start: i * 0.4, end: i * 0.4 + 0.3, confidence: 0.5 + (i % 5) / 10 }));

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const spread = (xs: number[]) => ({ p50: round(quantile(xs, 0.5)), p10: round(quantile(xs, 0.1)), p90: round(quantile(xs, 0.9)) });
const round = (ms: number) => Math.round(ms * 100) / 100;
async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

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

const rows: { words: number; direct: ReturnType<typeof spread>; sandboxed: ReturnType<typeof spread>; overheadMs: number; ratio: number }[] = [];
for (const n of [1, 1000, 32_000]) {
  const words = wordsOf(n);
  const d = await time(() => direct(words));
  const s = await time(() => host.postProcess(['medical'], words));
  const dp = spread(d);
  const sp = spread(s);
  rows.push({ words: n, direct: dp, sandboxed: sp, overheadMs: round(sp.p50 - dp.p50), ratio: round(sp.p50 / dp.p50) });
}
await host.dispose();

console.log(`Plugin sandbox overhead (medical plugin's post-processors; in-process = the same code and the host's result checks, unisolated; median of ${runs}, p10-p90 in brackets)`);
console.log(`cold start (bundle + process + isolate + activate): ${round(cold)} ms`);
for (const r of rows) {
  console.log(
    `${String(r.words).padStart(6)} words: in-process ${r.direct.p50} ms [${r.direct.p10}-${r.direct.p90}], sandboxed ${r.sandboxed.p50} ms [${r.sandboxed.p10}-${r.sandboxed.p90}]` +
      ` -> +${r.overheadMs} ms, ratio ${r.ratio}`,
  );
}
console.log(`BENCH ${JSON.stringify({ bench: 'plugin-sandbox-overhead', runs, coldStartMs: round(cold), perCall: rows })}`);
