// `npm run eval:plugins`: does each domain plugin fix its domain's terms, and do the plugins leave general speech
// alone? Domain sentences carrying each plugin's terms are rendered with voices the model never trained on and
// transcribed with and without the plugin (its vocabulary and domain text adapting the LM, its post-processors);
// general sentences (the recipe's held-out test text) are transcribed with no plugin and with all of them (600 by
// default: over the first 150 the cost of the three plugins read 1.88 points, over 600 0.87, same model and LM).
//   node tests/eval/evalPlugins.ts [--terms 40] [--general 600] [--out tests/eval/plugins-eval.json]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDecoding, transcribeSamples, type Word } from '@verbatim/asr';
import { decodeAudioFile, loadAcousticModel, loadLanguageModel, loadModelBundle } from '@verbatim/asr/node';
import { normalizeForScoring, wordErrorRate } from '@verbatim/core';
import { discoverPlugins, PluginHost } from '@verbatim/plugin-host';
import { HELD_OUT_VOICES, renderSpeech } from './renderSpeech.ts';

const root = join(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: { terms: { type: 'string', default: '40' }, general: { type: 'string', default: '600' }, out: { type: 'string', default: join(import.meta.dirname, 'plugins-eval.json') } },
});
const TERMS = Number(values.terms);
const GENERAL = Number(values.general);
const cache = join(root, 'models', 'recipe', 'work', 'eval-plugins');
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.error('eval:plugins: stopping (nothing written)');
});

// Carrier sentences of our own (not the recipe's domain templates, not the plugins' domain text).
const CARRIERS = [
  'we talked about {t} this morning',
  'the notes mention {t} twice',
  'she asked whether {t} was the right choice',
  'next week we will look at {t} again',
  'he wrote {t} on the whiteboard',
];

const bundle = await loadModelBundle(join(root, 'models', 'verbatim-en-char-v1'));
const baseLm = await loadLanguageModel(bundle);
const model = await loadAcousticModel(bundle, { intraOpNumThreads: 2 });
const { plugins, problems } = await discoverPlugins({ dirs: [join(root, 'plugins')] });
for (const p of problems) console.error(`eval:plugins: ${p.message}`);
const host = new PluginHost({ plugins });

type Decoded = { words: Word[]; text: string };
async function transcribe(wav: string, pluginIds: string[]): Promise<Decoded> {
  const samples = await decodeAudioFile(wav, { sampleRate: bundle.sampleRate });
  const vocabs = pluginIds.length ? await host.vocabularies(pluginIds) : [];
  const decoding = decodingFor(pluginIds, vocabs);
  let { words } = await transcribeSamples(samples, bundle, model, {
    ...(decoding.vocabulary ? { vocabulary: decoding.vocabulary } : {}),
    ...(decoding.languageModel ? { languageModel: decoding.languageModel } : {}),
  });
  if (pluginIds.length) words = (await host.postProcess(pluginIds, words, { onError: 'fail' })).words as Word[];
  return { words, text: words.map((w) => w.text).join(' ') };
}
const decodings = new Map<string, ReturnType<typeof prepareDecoding>>();
function decodingFor(ids: string[], vocabs: Awaited<ReturnType<PluginHost['vocabularies']>>) {
  const key = ids.join(',');
  let d = decodings.get(key);
  if (!d) {
    d = prepareDecoding(bundle, {
      ...(baseLm ? { baseLm } : {}),
      vocabulary: vocabs.flatMap((v) => v.entries),
      domainText: vocabs.flatMap((v) => (v.domainText ? [v.domainText] : [])),
    });
    decodings.set(key, d);
  }
  return d;
}

/** Whether a term (its spoken phrase or its written form) occurs in a hypothesis, as whole words. */
function found(hyp: string, forms: string[]): boolean {
  const h = ` ${normalizeForScoring(hyp)} `;
  return forms.some((f) => h.includes(` ${normalizeForScoring(f)} `));
}

const report: Record<string, unknown> = { model: `${bundle.id} ${bundle.version}`, voices: HELD_OUT_VOICES, plugins: {} as Record<string, unknown> };
for (const plugin of plugins) {
  const [vocab] = await host.vocabularies([plugin.id]);
  if (!vocab) continue;
  // every k-th entry, so the sample spans the whole vocabulary; single letters and very short words say little
  const pool = vocab.entries.filter((e) => e.phrase.length >= 4);
  const step = Math.max(1, Math.floor(pool.length / TERMS));
  const terms = pool.filter((_, i) => i % step === 0).slice(0, TERMS);
  let without = 0;
  let withPlugin = 0;
  const examples: unknown[] = [];
  for (const [i, term] of terms.entries()) {
    if (interrupted) process.exit(130);
    const sentence = CARRIERS[i % CARRIERS.length]!.replace('{t}', term.phrase);
    const voice = HELD_OUT_VOICES[i % HELD_OUT_VOICES.length]!;
    const wav = renderSpeech(sentence, voice, cache);
    const forms = [term.phrase, ...(term.displayAs ? [term.displayAs] : [])];
    const a = await transcribe(wav, []);
    const b = await transcribe(wav, [plugin.id]);
    without += found(a.text, forms) ? 1 : 0;
    withPlugin += found(b.text, forms) ? 1 : 0;
    if (examples.length < 6) examples.push({ sentence, voice, without: a.text, with: b.text });
    if ((i + 1) % 10 === 0) console.log(`eval:plugins: ${plugin.id} ${i + 1}/${terms.length}: recall without ${without}, with ${withPlugin}`);
  }
  const r0 = without / terms.length;
  const r1 = withPlugin / terms.length;
  console.log(`eval:plugins: ${plugin.id} ${plugin.version}: term recall ${pct(r0)} -> ${pct(r1)} (${r0 > 0 ? `${pct(r1 / r0 - 1)} relative` : 'from zero'}; target +50% relative) over ${terms.length} terms`);
  (report.plugins as Record<string, unknown>)[plugin.id] = { version: plugin.version, terms: terms.length, recallWithout: r0, recallWith: r1, examples };
}

// general sentences, no plugin vs all plugins
const generalText = join(root, 'models', 'recipe', 'work', 'text', 'general_test.txt');
if (!existsSync(generalText)) {
  console.error(`eval:plugins: ${generalText} is missing: run  npm run model:train -- --stage 1 --stop-stage 1  first`);
  process.exit(2);
}
const general = readFileSync(generalText, 'utf8').split('\n').filter((s) => s && s.split(' ').length >= 4).slice(0, GENERAL);
const all = plugins.map((p) => p.id);
const refs: string[] = [];
const h0: string[] = [];
const h1: string[] = [];
for (const [i, sentence] of general.entries()) {
  if (interrupted) process.exit(130);
  const wav = renderSpeech(sentence, HELD_OUT_VOICES[i % HELD_OUT_VOICES.length]!, cache);
  refs.push(sentence);
  h0.push((await transcribe(wav, [])).text);
  h1.push((await transcribe(wav, all)).text);
  if ((i + 1) % 50 === 0) console.log(`eval:plugins: general ${i + 1}/${general.length}`);
}
const w0 = wordErrorRate(refs, h0).rate;
const w1 = wordErrorRate(refs, h1).rate;
console.log(`eval:plugins: general WER without plugins ${pct(w0)}, with all ${all.length} plugins ${pct(w1)} (${((w1 - w0) * 100).toFixed(2)} points; target <= +0.5)`);
report.general = { sentences: general.length, werWithout: w0, werWithAll: w1, plugins: all };
writeFileSync(values.out!, `${JSON.stringify(report, null, 1)}\n`);
console.log(`eval:plugins: wrote ${values.out}`);
await host.dispose();
await model.dispose();

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
