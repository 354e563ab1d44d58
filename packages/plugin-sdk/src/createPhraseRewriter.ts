import { createWordEditor, type WordEditor } from './createWordEditor.ts';
import type { PluginWord, PostProcessResult } from './PluginWord.ts';
import type { PostProcessContext } from './PostProcessor.ts';

/** One spoken form and how it is written, for {@link createPhraseRewriter}. */
export interface PhraseRule {
  /** The spoken words, lower case, separated by single spaces ("active record"). */
  say: string;
  /** The written words, separated by single spaces ("ActiveRecord"). */
  write: string;
  /** Leave the words alone when the words just before them are one of these phrases ("off the" for "rails"). */
  notAfter?: readonly string[];
  /** Only rewrite when the next word is one of these ("interview" for "in depth"). */
  before?: readonly string[];
}

interface CompiledRule {
  say: string[];
  write: string[];
  notAfter: string[][];
  before: Set<string> | undefined;
}

/**
 * A post-processor that rewrites spoken phrases into their written form, longest match first, comparing words
 * (and the `notAfter` / `before` context) case-insensitively. Words the written form shares with the spoken one
 * (same text, same place at either end) are kept as they are; when the rest has as many words as it replaces, each
 * word is replaced on its own so it keeps its own time, otherwise the rest becomes the written words over the span
 * it replaces. A rule whose written form equals the words already there changes nothing, so running the rewriter on
 * its own output changes nothing (it is idempotent as long as no rule writes words that another rule rewrites).
 *
 * @throws {Error} when a rule is malformed: empty, upper case in `say`, two rules for the same spoken form, or a
 *   `write` that only adds words before or after `say` (which would add them again on every run).
 * @example
 * const identifiers = createPhraseRewriter([
 *   { say: 'active record', write: 'ActiveRecord' },
 *   { say: 'rails', write: 'Rails', notAfter: ['off the'] },
 *   { say: 'in depth', write: 'in-depth', before: ['interview', 'interviews'] },
 *   ...acronymRules('API', { plural: true }),
 * ]);
 * ctx.subscriptions.push(ctx.postProcessors.register('ruby.identifiers', identifiers));
 */
export function createPhraseRewriter(rules: readonly PhraseRule[]): (words: readonly PluginWord[], ctx?: PostProcessContext) => PostProcessResult {
  const byFirst = new Map<string, CompiledRule[]>();
  const seen = new Set<string>();
  for (const rule of rules) {
    const say = split(rule.say);
    const write = split(rule.write);
    if (say.length === 0 || write.length === 0 || say.some((w) => w !== w.toLowerCase())) {
      throw new Error(`invalid phrase rule ${JSON.stringify(rule)}: "say" must be lower-case words and "write" non-empty`);
    }
    const written = write.map((w) => w.toLowerCase());
    if (written.length > say.length && (startsWith(written, say) || startsWith(written.slice(written.length - say.length), say))) {
      throw new Error(`invalid phrase rule ${JSON.stringify(rule)}: "write" only adds words to "say", so every run would add them again`);
    }
    const key = say.join(' ');
    if (seen.has(key)) throw new Error(`two phrase rules for "${key}"`);
    seen.add(key);
    const compiled: CompiledRule = {
      say,
      write,
      notAfter: (rule.notAfter ?? []).map((p) => split(p.toLowerCase())),
      before: rule.before === undefined ? undefined : new Set(rule.before.map((w) => w.toLowerCase())),
    };
    const list = byFirst.get(say[0]!) ?? [];
    list.push(compiled);
    byFirst.set(say[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.say.length - a.say.length);

  return (words, ctx) => {
    ctx?.signal.throwIfAborted();
    const folded = words.map((w) => w.text.toLowerCase());
    const editor = createWordEditor(words);
    for (let i = 0; i < words.length; ) {
      const rule = byFirst.get(folded[i]!)?.find((r) => matches(folded, i, r));
      if (rule === undefined) {
        i++;
        continue;
      }
      apply(editor, words, i, rule);
      i += rule.say.length;
    }
    return editor.result();
  };
}

function matches(folded: readonly string[], i: number, rule: CompiledRule): boolean {
  const { say, notAfter, before } = rule;
  if (i + say.length > folded.length || !say.every((w, k) => folded[i + k] === w)) return false;
  if (before !== undefined && !before.has(folded[i + say.length] ?? '')) return false;
  return !notAfter.some((p) => p.length <= i && p.every((w, k) => folded[i - p.length + k] === w));
}

function apply(editor: WordEditor, words: readonly PluginWord[], at: number, rule: CompiledRule): void {
  const input = words.slice(at, at + rule.say.length).map((w) => w.text);
  const output = rule.write;
  // keep the words the written form shares with what was said, at either end
  let head = 0;
  while (head < input.length && head < output.length && input[head] === output[head]) head++;
  let tail = 0;
  while (tail < input.length - head && tail < output.length - head && input[input.length - 1 - tail] === output[output.length - 1 - tail]) tail++;
  const from = at + head;
  const fromEnd = at + input.length - tail;
  const texts = output.slice(head, output.length - tail);
  if (fromEnd - from === texts.length) {
    texts.forEach((text, k) => editor.replace(from + k, from + k + 1, [text]));
  } else if (fromEnd > from) {
    editor.replace(from, fromEnd, texts);
  }
}

function startsWith(words: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((w, k) => words[k] === w);
}

function split(text: string): string[] {
  return text.split(' ').filter((w) => w !== '');
}
