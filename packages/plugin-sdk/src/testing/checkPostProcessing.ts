import type { PluginWord, PostProcessResult, WordChange } from '../PluginWord.ts';
import type { PluginUnderTest } from './loadPluginForTest.ts';

const MAX_LISTED = 50;

/** Options of {@link checkPostProcessing}. */
export interface CheckPostProcessingOptions {
  /** The post-processors to run, in order (default: every one the manifest declares, in manifest order, as the host runs them). */
  postProcessors?: readonly string[];
}

/** What {@link checkPostProcessing} found. */
export interface PostProcessingCheck {
  ok: boolean;
  /** One sentence per broken rule (the first 50, then a count); empty when `ok`. */
  problems: string[];
  /** The words after one run of the post-processors. */
  words: PluginWord[];
  /** Each post-processor's result in that run, in order. */
  results: PostProcessResult[];
}

/**
 * Runs a plugin's post-processors over the words, in order, then again over their own output, and checks the rules
 * the host cannot check on one call: the second run changes nothing (idempotence), and every change keeps timings —
 * its new words span exactly the time of the words they replace (a word replaced one-for-one keeps its own time), and
 * inserted words lie between their neighbours. Each call's result is also checked as the host checks it
 * (`PluginUnderTest.postProcess`).
 *
 * @throws {Error} when a post-processor throws or returns a result the host would refuse, or there is none to run.
 * @example
 * const check = await checkPostProcessing(plugin, wordsFromText('an e c g and two point five milligrams'));
 * expect(check.problems).toEqual([]);
 * expect(check.words.map((w) => w.text).join(' ')).toBe('an ECG and 2.5 mg');
 */
export async function checkPostProcessing(
  plugin: PluginUnderTest,
  words: readonly PluginWord[],
  options: CheckPostProcessingOptions = {},
): Promise<PostProcessingCheck> {
  const ids = options.postProcessors ?? plugin.manifest.contributes.postProcessors.map((p) => p.id);
  if (ids.length === 0) throw new Error(`checkPostProcessing: plugin "${plugin.manifest.id}" has no post-processor to run`);
  const problems: string[] = [];
  const results: PostProcessResult[] = [];
  let once: readonly PluginWord[] = words;
  for (const id of ids) {
    const result = await plugin.postProcess(id, once);
    problems.push(...timingProblems(id, once, result));
    results.push(result);
    once = result.words;
  }
  let twice: readonly PluginWord[] = once;
  for (const id of ids) {
    const result = await plugin.postProcess(id, twice);
    problems.push(...timingProblems(id, twice, result));
    if (result.changes.length > 0) {
      problems.push(`"${id}" is not idempotent: run again on ${JSON.stringify(text(twice))} it changed ${result.changes.map(describe).join(', ')}`);
    }
    twice = result.words;
  }
  const listed = problems.length > MAX_LISTED ? [...problems.slice(0, MAX_LISTED), `... and ${problems.length - MAX_LISTED} more problems`] : problems;
  return { ok: problems.length === 0, problems: listed, words: [...once], results };
}

function timingProblems(id: string, input: readonly PluginWord[], result: PostProcessResult): string[] {
  const problems: string[] = [];
  for (const c of result.changes) {
    const added = result.words.slice(c.to, c.toEnd);
    if (added.length === 0) continue;
    let lo: number;
    let hi: number;
    if (c.fromEnd > c.from) {
      const replaced = input.slice(c.from, c.fromEnd);
      lo = replaced[0]!.start;
      hi = Math.max(...replaced.map((w) => w.end));
      if (added[0]!.start !== lo || added.at(-1)!.end !== hi) {
        problems.push(`"${id}" changed ${describe(c)} at [${added[0]!.start}, ${added.at(-1)!.end}] s, but the words it replaces span [${lo}, ${hi}] s`);
        continue;
      }
    } else {
      // an insertion sits between the word before and the word after (whose times may overlap)
      const after = input[c.from - 1]?.end ?? 0;
      const before = input[c.from]?.start ?? Infinity;
      lo = Math.min(after, before);
      hi = Math.max(after, before);
    }
    const outside = added.find((w) => w.start < lo || w.end > hi);
    if (outside) problems.push(`"${id}" changed ${describe(c)}, but ${JSON.stringify(outside.text)} at [${outside.start}, ${outside.end}] s lies outside [${lo}, ${hi}] s`);
  }
  return problems;
}

function describe(c: WordChange): string {
  return `${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`;
}

function text(words: readonly PluginWord[]): string {
  return words.map((w) => w.text).join(' ');
}
