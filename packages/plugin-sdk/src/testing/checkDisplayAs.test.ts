import { afterAll, describe, expect, it } from 'vitest';
import { checkDisplayAs } from './checkDisplayAs.ts';
import { loadPluginForTest } from './loadPluginForTest.ts';
import { pluginPackages } from './writePluginPackage.ts';

const packages = pluginPackages('vb-sdk-check-display-');
afterAll(() => packages.remove());

// A plugin with one vocabulary and the given rewriter rules as `fx.terms`, plus `fx.shout` when asked.
async function fixture(entries: unknown[], rules: unknown[], withShout = false) {
  const postProcessors = [{ id: 'fx.terms', title: 'Terms' }, ...(withShout ? [{ id: 'fx.shout', title: 'Shout' }] : [])];
  const entry = `
import { createPhraseRewriter, definePlugin } from '@verbatim/plugin-sdk';
const shout = createPhraseRewriter([{ say: 'activerecord', write: 'ACTIVERECORD' }]);
export default definePlugin({
  activate(ctx) {
    ctx.subscriptions.push(ctx.postProcessors.register('fx.terms', createPhraseRewriter(${JSON.stringify(rules)})));
    if (${withShout}) ctx.subscriptions.push(ctx.postProcessors.register('fx.shout', shout));
  },
});`;
  const verbatim = { id: 'fx', displayName: 'Fixture', contributes: { vocabularies: [{ id: 'fx.words', title: 'Words', path: 'terms.json' }], postProcessors } };
  return await loadPluginForTest(packages.write(verbatim, { 'index.js': entry, 'terms.json': JSON.stringify(entries) }));
}

const RULES = [
  { say: 'active record', write: 'ActiveRecord' },
  { say: 'r spec', write: 'RSpec' },
  { say: 'rspec', write: 'RSpec' },
];

describe('checkDisplayAs', () => {
  it('passes when the post-processors write every displayAs and leave it alone', async () => {
    const plugin = await fixture([{ phrase: 'active record', displayAs: 'ActiveRecord' }, { phrase: 'rspec', soundsLike: ['r spec'], displayAs: 'RSpec' }, { phrase: 'metformin' }], RULES);
    expect(await checkDisplayAs(plugin, 'fx.words')).toEqual({ ok: true, problems: [] });
    await plugin.dispose();
  });

  it('names a phrase the post-processors write differently from the vocabulary', async () => {
    const plugin = await fixture([{ phrase: 'active record', displayAs: 'Active Record' }, { phrase: 'sidekiq', displayAs: 'Sidekiq' }], RULES);
    expect(await checkDisplayAs(plugin, 'fx.words')).toEqual({
      ok: false,
      problems: [
        '"active record" is post-processed to "ActiveRecord", but the vocabulary shows "Active Record"',
        '"sidekiq" is post-processed to "sidekiq", but the vocabulary shows "Sidekiq"',
      ],
    });
    await plugin.dispose();
  });

  it('names a display form that post-processing changes after decoding showed it', async () => {
    // "xray" → "X-ray" rewrites what "x ray" → "xray" wrote: not idempotent, and the decoded form changes too
    const plugin = await fixture([{ phrase: 'x ray', displayAs: 'xray' }], [{ say: 'x ray', write: 'xray' }, { say: 'xray', write: 'X-ray' }]);
    expect((await checkDisplayAs(plugin, 'fx.words')).problems).toEqual([
      '"x ray": "fx.terms" is not idempotent: run again on "xray" it changed "xray" → "X-ray"',
      '"xray" (the display form of "x ray", as decoding shows it) is post-processed to "X-ray"',
    ]);
    await plugin.dispose();
  });

  it('runs the post-processors in manifest order, or those given', async () => {
    const plugin = await fixture([{ phrase: 'active record', displayAs: 'ActiveRecord' }], RULES, true);
    expect((await checkDisplayAs(plugin, 'fx.words')).problems[0]).toBe('"active record" is post-processed to "ACTIVERECORD", but the vocabulary shows "ActiveRecord"');
    expect(await checkDisplayAs(plugin, 'fx.words', { postProcessors: ['fx.terms'] })).toEqual({ ok: true, problems: [] });
    await expect(checkDisplayAs(plugin, 'fx.nope')).rejects.toThrow(/declares no vocabulary "fx\.nope"/);
    await plugin.dispose();
  });
});
