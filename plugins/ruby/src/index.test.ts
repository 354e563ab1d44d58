import type { PluginWord } from '@verbatim/plugin-sdk';
import { checkDisplayAs, checkPostProcessing, checkVocabulary, loadPluginForTest, type PluginUnderTest, wordsFromText } from '@verbatim/plugin-sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE_DIR = new URL('..', import.meta.url).pathname;
const SPOKEN_LINE = /^[a-z']+(?: [a-z']+)*$/u;
let plugin: PluginUnderTest;

beforeAll(async () => {
  plugin = await loadPluginForTest(PACKAGE_DIR);
});
afterAll(async () => {
  await plugin.dispose();
});

const text = (r: { words: readonly PluginWord[] }) => r.words.map((w) => w.text).join(' ');
const identifiers = (words: readonly PluginWord[]) => plugin.postProcess('ruby.identifiers', words);

describe('ruby plugin', () => {
  it('declares its contributions in the manifest', () => {
    expect(plugin.manifest.id).toBe('ruby');
    expect(plugin.manifest.contributes.vocabularies.map((v) => v.id)).toEqual(['ruby.terms']);
    expect(plugin.manifest.contributes.postProcessors.map((p) => p.id)).toEqual(['ruby.identifiers']);
    expect(plugin.logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  describe('vocabulary', () => {
    it('compiles for the bundled model without a problem', async () => {
      const entries = await plugin.vocabulary('ruby.terms');
      expect(entries.length).toBeGreaterThanOrEqual(300);
      expect(await checkVocabulary(entries)).toEqual({ ok: true, problems: [] });
    });

    it('spells every phrase in the spoken alphabet, once', async () => {
      const entries = await plugin.vocabulary('ruby.terms');
      const phrases = entries.map((e) => e.phrase);
      expect(phrases.filter((p) => !SPOKEN_LINE.test(p))).toEqual([]);
      expect(phrases.filter((p, i) => phrases.indexOf(p) !== i)).toEqual([]);
      expect(entries.filter((e) => e.displayAs === e.phrase || e.soundsLike?.includes(e.phrase))).toEqual([]);
    });

    it('writes every displayAs form the post-processor writes, so both paths give the same text', async () => {
      expect(await checkDisplayAs(plugin, 'ruby.terms')).toEqual({ ok: true, problems: [] });
    });
  });

  describe('domain text', () => {
    it('has at least 300 sentences in the model alphabet, none twice', async () => {
      const lines = (await plugin.domainText('ruby.terms'))!.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(300);
      expect(lines.filter((l) => !SPOKEN_LINE.test(l))).toEqual([]);
      expect(lines.filter((l, i) => lines.indexOf(l) !== i)).toEqual([]);
    });
  });

  describe('ruby.identifiers', () => {
    it.each([
      ['we moved it into active record', 'we moved it into ActiveRecord'],
      ['the action controller base class', 'the ActionController::Base class'],
      ['run rspec and rubocop', 'run RSpec and RuboCop'],
      ['a r spec example', 'a RSpec example'],
      ['ruby on rails', 'Ruby on Rails'],
      ['upgrade rails and ruby', 'upgrade Rails and Ruby'],
      ['turn on yjit', 'turn on YJIT'],
      ['an n plus one query', 'an N+1 query'],
      ['the gemfile lock', 'the Gemfile.lock'],
      ['rails db migrate', 'Rails db:migrate'],
      ['attr accessor for name', 'attr_accessor for name'],
      ['the frozen string literal comment', 'the frozen_string_literal comment'],
      ['a json api over http', 'a JSON API over HTTP'],
      ['two a p is and three apis', 'two APIs and three APIs'],
      ['sidekiq on redis with postgres', 'Sidekiq on Redis with Postgres'],
      ['push it to git hub', 'push it to GitHub'],
      ['Active Record', 'ActiveRecord'],
      ['the g i l', 'the GIL'],
    ])('%s → %s', async (input, expected) => {
      expect(text(await identifiers(wordsFromText(input)))).toBe(expected);
    });

    it.each([
      'the project went off the rails last year',
      'hold the hand rails on the stairs',
      'we will devise a plan and pry it open',
      'she has many friends and belongs to a club',
      'gil said the meeting was fine',
      'nothing to do with programming here',
    ])('leaves "%s" alone', async (input) => {
      const words = wordsFromText(input);
      expect(await identifiers(words)).toEqual({ words, changes: [] });
    });

    it('records what it changed, with indices into the input and the output', async () => {
      const result = await identifiers(wordsFromText('use active record and rspec', { start: 2, step: 0.25 }));
      expect(result.changes).toEqual([
        { from: 1, fromEnd: 3, to: 1, toEnd: 2, before: 'active record', after: 'ActiveRecord' },
        { from: 4, fromEnd: 5, to: 3, toEnd: 4, before: 'rspec', after: 'RSpec' },
      ]);
      expect(result.words.map((w) => [w.text, w.start, w.end])).toEqual([
        ['use', 2, 2.25],
        ['ActiveRecord', 2.25, 2.75],
        ['and', 2.75, 3],
        ['RSpec', 3, 3.25],
      ]);
    });

    it('keeps each word its own time when the word count stays the same', async () => {
      const words = wordsFromText('ruby on rails', { step: 0.3, confidence: [0.5, 0.9, 0.7] });
      const result = await identifiers(words);
      expect(result.words.map((w) => [w.text, w.start, w.end, w.confidence])).toEqual([
        ['Ruby', 0, 0.3, 0.5],
        ['on', 0.3, 0.6, 0.9],
        ['Rails', 0.6, 0.9, 0.7],
      ]);
      expect(result.changes.map((c) => [c.before, c.after])).toEqual([['ruby', 'Ruby'], ['rails', 'Rails']]);
    });

    it('is idempotent and keeps timings', async () => {
      const check = await checkPostProcessing(plugin, wordsFromText('active record and action cable on ruby on rails with rspec yjit and an n plus one'));
      expect(text(check)).toBe('ActiveRecord and ActionCable on Ruby on Rails with RSpec YJIT and an N+1');
      expect(check.problems).toEqual([]);
    });
  });
});
