import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPostProcessing } from './checkPostProcessing.ts';
import { loadPluginForTest, type PluginUnderTest } from './loadPluginForTest.ts';
import { wordsFromText } from './wordsFromText.ts';
import { pluginPackages } from './writePluginPackage.ts';

const packages = pluginPackages('vb-sdk-check-pp-');
afterAll(() => packages.remove());

const manifest = (...ids: string[]) => ({ id: 'fx', displayName: 'Fixture', contributes: { postProcessors: ids.map((id) => ({ id, title: id })) } });

// Real post-processors: `fx.terms` and `fx.upper` keep the rules; the others each break one the host cannot see on one call.
const entry = `
import { createPhraseRewriter, createWordEditor, definePlugin } from '@verbatim/plugin-sdk';

const terms = createPhraseRewriter([{ say: 'active record', write: 'ActiveRecord' }, { say: 'ruby on rails', write: 'Ruby on Rails' }]);
// appends "!" to the last word on every run
const shout = (words) => {
  const editor = createWordEditor(words);
  if (words.length > 0) editor.replace(words.length - 1, words.length, [words.at(-1).text + '!']);
  return editor.result();
};
// merges the first two words but keeps only the first one's time
const squash = (words) => {
  if (words.length < 2) return { words: [...words], changes: [] };
  const [a, b] = words;
  return {
    words: [{ ...a, text: a.text + b.text }, ...words.slice(2)],
    changes: [{ from: 0, fromEnd: 2, to: 0, toEnd: 1, before: a.text + ' ' + b.text, after: a.text + b.text }],
  };
};
// inserts a word before the first one that lasts past it
const early = (words) => ({
  words: [{ text: 'um', start: 0, end: 5, confidence: 0.5 }, ...words],
  changes: [{ from: 0, fromEnd: 0, to: 0, toEnd: 1, before: '', after: 'um' }],
});
// a pair that undo each other: each is idempotent alone, not together
const upper = createPhraseRewriter([{ say: 'abc', write: 'ABC' }]);
const lower = (words) => {
  const editor = createWordEditor(words);
  words.forEach((w, i) => w.text === 'ABC' && editor.replace(i, i + 1, ['abc']));
  return editor.result();
};

export default definePlugin({
  activate(ctx) {
    for (const [name, fn] of Object.entries({ terms, shout, squash, early, upper, lower })) {
      ctx.subscriptions.push(ctx.postProcessors.register('fx.' + name, fn));
    }
  },
});
`;
let plugin: PluginUnderTest;
beforeAll(async () => {
  plugin = await loadPluginForTest(packages.write(manifest('fx.terms', 'fx.shout', 'fx.squash', 'fx.early', 'fx.upper', 'fx.lower'), { 'index.js': entry }));
});
afterAll(() => plugin.dispose());

const text = (words: readonly { text: string }[]) => words.map((w) => w.text).join(' ');

describe('checkPostProcessing', () => {
  it('passes an idempotent post-processor that keeps timings, and returns what one run made', async () => {
    const words = wordsFromText('use active record on ruby on rails', { start: 1, step: 0.5 });
    const check = await checkPostProcessing(plugin, words, { postProcessors: ['fx.terms'] });
    expect(check).toMatchObject({ ok: true, problems: [] });
    expect(text(check.words)).toBe('use ActiveRecord on Ruby on Rails');
    expect(check.results).toHaveLength(1);
    expect(check.results[0]!.changes.map((c) => c.after)).toEqual(['ActiveRecord', 'Ruby', 'Rails']);
    expect(check.words[1]).toMatchObject({ start: 1.5, end: 2.5 });
  });

  it('names a post-processor that changes its own output again', async () => {
    const check = await checkPostProcessing(plugin, wordsFromText('well done'), { postProcessors: ['fx.shout'] });
    expect(check.ok).toBe(false);
    expect(text(check.words)).toBe('well done!');
    expect(check.problems).toEqual(['"fx.shout" is not idempotent: run again on "well done!" it changed "done!" → "done!!"']);
  });

  it('checks the post-processors together, in the order given', async () => {
    const alone = await checkPostProcessing(plugin, wordsFromText('abc'), { postProcessors: ['fx.upper'] });
    expect(alone.ok).toBe(true);
    const pair = await checkPostProcessing(plugin, wordsFromText('x abc'), { postProcessors: ['fx.upper', 'fx.lower'] });
    expect(pair.results.map((r) => r.changes.length)).toEqual([1, 1]);
    expect(pair.problems).toEqual([
      '"fx.upper" is not idempotent: run again on "x abc" it changed "abc" → "ABC"',
      '"fx.lower" is not idempotent: run again on "x ABC" it changed "ABC" → "abc"',
    ]);
  });

  it('names a change whose words do not span the time of the words they replace', async () => {
    const check = await checkPostProcessing(plugin, wordsFromText('a b c', { step: 1 }), { postProcessors: ['fx.squash'] });
    expect(check.problems[0]).toBe('"fx.squash" changed "a b" → "ab" at [0, 1] s, but the words it replaces span [0, 2] s');
  });

  it('names an inserted word that reaches past its neighbours', async () => {
    const check = await checkPostProcessing(plugin, wordsFromText('a b', { start: 1, step: 1 }), { postProcessors: ['fx.early'] });
    expect(check.problems[0]).toBe('"fx.early" changed "" → "um", but "um" at [0, 5] s lies outside [0, 1] s');
  });

  it('runs every declared post-processor by default, and needs one', async () => {
    const declared = await checkPostProcessing(plugin, wordsFromText('x y'));
    expect(declared.results).toHaveLength(6);
    const none = await loadPluginForTest(packages.write({ id: 'empty', displayName: 'E' }, { 'index.js': 'export default { activate() {} };' }));
    await expect(checkPostProcessing(none, wordsFromText('x'))).rejects.toThrow('plugin "empty" has no post-processor to run');
    await none.dispose();
  });
});
