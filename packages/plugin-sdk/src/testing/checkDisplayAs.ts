import type { PluginWord } from '../PluginWord.ts';
import { checkPostProcessing, type CheckPostProcessingOptions } from './checkPostProcessing.ts';
import type { PluginUnderTest } from './loadPluginForTest.ts';
import { wordsFromText } from './wordsFromText.ts';

const MAX_LISTED = 50;

/** Whether a vocabulary's written forms agree with the plugin's post-processors, and if not, where (one sentence per problem). */
export interface DisplayAsCheck {
  ok: boolean;
  problems: string[];
}

/**
 * Checks that a transcript reads the same whether a vocabulary phrase was boosted while decoding or corrected
 * afterwards: for every entry with a `displayAs`, the post-processors turn the phrase into exactly that text, and
 * leave that text alone when decoding already shows it (the speech runtime shows an entry's `displayAs` as one
 * word, and the post-processors run after it). Each phrase also goes through {@link checkPostProcessing}
 * (idempotence, timings).
 *
 * @param options `postProcessors`: which to run, in order (default: all the manifest declares, in manifest order).
 * @throws {Error} when the vocabulary is not declared or a post-processor fails (see {@link checkPostProcessing}).
 * @example
 * expect(await checkDisplayAs(plugin, 'ruby.terms')).toEqual({ ok: true, problems: [] });
 */
export async function checkDisplayAs(plugin: PluginUnderTest, vocabularyId: string, options: CheckPostProcessingOptions = {}): Promise<DisplayAsCheck> {
  const problems: string[] = [];
  for (const entry of await plugin.vocabulary(vocabularyId)) {
    if (entry.displayAs === undefined) continue;
    const corrected = await checkPostProcessing(plugin, wordsFromText(entry.phrase), options);
    const got = corrected.words.map((w) => w.text).join(' ');
    if (got !== entry.displayAs) problems.push(`${JSON.stringify(entry.phrase)} is post-processed to ${JSON.stringify(got)}, but the vocabulary shows ${JSON.stringify(entry.displayAs)}`);
    problems.push(...corrected.problems.map((p) => `${JSON.stringify(entry.phrase)}: ${p}`));
    const shown: PluginWord[] = [{ text: entry.displayAs, start: 0, end: 0.4, confidence: 0.9 }];
    const decoded = await checkPostProcessing(plugin, shown, options);
    const changed = decoded.results.flatMap((r) => r.changes);
    if (changed.length > 0) {
      problems.push(`${JSON.stringify(entry.displayAs)} (the display form of ${JSON.stringify(entry.phrase)}, as decoding shows it) is post-processed to ${JSON.stringify(decoded.words.map((w) => w.text).join(' '))}`);
    }
  }
  const listed = problems.length > MAX_LISTED ? [...problems.slice(0, MAX_LISTED), `... and ${problems.length - MAX_LISTED} more problems`] : problems;
  return { ok: problems.length === 0, problems: listed };
}
