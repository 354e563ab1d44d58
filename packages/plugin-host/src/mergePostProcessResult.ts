import { type PluginWord, validatePostProcessResult, type WordChange } from '@verbatim/plugin-sdk';
import { PluginError } from './PluginError.ts';

/** A change with the plugin and post-processor that made it. */
export type AttributedChange = WordChange & { pluginId: string; processorId: string };

/**
 * Checks a post-processor's result against its input and builds the words that go on: words outside the recorded
 * changes are the input words themselves (so a plugin cannot alter what it did not record), words inside a change
 * are the plugin's, reduced to the word fields and marked `origin: 'plugin:<id>'`.
 *
 * @throws {PluginError} `invalid-result` listing the problems.
 */
export function mergePostProcessResult(input: readonly PluginWord[], result: unknown, pluginId: string, processorId: string): { words: PluginWord[]; changes: AttributedChange[] } {
  const problems = validatePostProcessResult(input, result);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    throw new PluginError('invalid-result', pluginId, `Plugin "${pluginId}" post-processor "${processorId}" returned an invalid result: ${shown}${more}`, { contributionId: processorId, problems });
  }
  const { words, changes } = result as { words: PluginWord[]; changes: WordChange[] };
  const origin = `plugin:${pluginId}`;
  const out: PluginWord[] = [];
  const attributed: AttributedChange[] = [];
  let i = 0;
  for (const c of changes) {
    while (i < c.from) out.push(input[i++]!);
    for (let j = c.to; j < c.toEnd; j++) {
      const w = words[j]!;
      out.push({ text: w.text, start: w.start, end: w.end, confidence: w.confidence, origin });
    }
    attributed.push({ from: c.from, fromEnd: c.fromEnd, to: c.to, toEnd: c.toEnd, before: c.before, after: c.after, pluginId, processorId });
    i = c.fromEnd;
  }
  while (i < input.length) out.push(input[i++]!);
  return { words: out, changes: attributed };
}
