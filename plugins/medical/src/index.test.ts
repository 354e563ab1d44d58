import { readFile } from 'node:fs/promises';
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
const dosage = (t: string) => plugin.postProcess('medical.dosage', wordsFromText(t));
const casing = (t: string) => plugin.postProcess('medical.casing', wordsFromText(t));

describe('medical plugin', () => {
  it('declares its contributions in the manifest', () => {
    expect(plugin.manifest.id).toBe('medical');
    expect(plugin.manifest.contributes.vocabularies.map((v) => v.id)).toEqual(['medical.terms']);
    expect(plugin.manifest.contributes.postProcessors.map((p) => p.id)).toEqual(['medical.dosage', 'medical.casing']);
    expect(plugin.logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  describe('vocabulary', () => {
    it('compiles for the bundled model without a problem', async () => {
      const entries = await plugin.vocabulary('medical.terms');
      expect(entries.length).toBeGreaterThanOrEqual(500);
      expect(await checkVocabulary(entries)).toEqual({ ok: true, problems: [] });
    });

    it('spells every phrase in the spoken alphabet, once', async () => {
      const entries = await plugin.vocabulary('medical.terms');
      const phrases = entries.map((e) => e.phrase);
      expect(phrases.filter((p) => !SPOKEN_LINE.test(p))).toEqual([]);
      expect(phrases.filter((p, i) => phrases.indexOf(p) !== i)).toEqual([]);
      expect(entries.filter((e) => e.displayAs === e.phrase || e.soundsLike?.includes(e.phrase))).toEqual([]);
    });

    it('writes every displayAs form the post-processors write, so both paths give the same text', async () => {
      expect(await checkDisplayAs(plugin, 'medical.terms')).toEqual({ ok: true, problems: [] });
    });
  });

  describe('domain text', () => {
    it('has at least 300 sentences in the model alphabet, none twice', async () => {
      const domainText = await plugin.domainText('medical.terms');
      const lines = domainText!.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(300);
      expect(lines.filter((l) => !SPOKEN_LINE.test(l))).toEqual([]);
      expect(lines.filter((l, i) => lines.indexOf(l) !== i)).toEqual([]);
      expect(domainText).toBe(await readFile(new URL('../vocabulary/sentences.txt', import.meta.url), 'utf8'));
    });
  });

  describe('medical.dosage', () => {
    it.each([
      ['take five milligrams daily', 'take 5 mg daily'],
      ['two point five milligrams of apixaban', '2.5 mg of apixaban'],
      ['one hundred micrograms', '100 mcg'],
      ['ten millilitres', '10 mL'],
      ['ten milliliters', '10 mL'],
      ['point five milligrams', '0.5 mg'],
      ['zero point two five milligrams weekly', '0.25 mg weekly'],
      ['five point zero milligrams', '5 mg'],
      ['two hundred and fifty milligrams', '250 mg'],
      ['fifteen hundred milligrams', '1,500 mg'],
      ['one thousand international units of vitamin d', '1,000 international units of vitamin d'],
      ['ten units of insulin', '10 units of insulin'],
      ['two and a half milligrams', '2.5 mg'],
      ['a hundred micrograms', '100 mcg'],
      ['one to two milligrams per kilogram', '1 to 2 mg/kg'],
      ['zero point one micrograms per kilogram per minute', '0.1 mcg/kg/min'],
      ['five to ten millilitres per hour', '5 to 10 mL/h'],
      ['two grams of ceftriaxone', '2 g of ceftriaxone'],
      ['forty m g once daily', '40 mg once daily'],
      ['10 ml', '10 mL'],
      ['Five Milligrams', '5 mg'],
    ])('%s → %s', async (input, expected) => {
      expect(text(await dosage(input))).toBe(expected);
    });

    it.each([
      'the patient is comfortable this morning',
      'how many milligrams did she take',
      'at this point five milligrams were given',
      'one or two tablets twice a day',
      'the one unit on the ward',
      'one two five milligrams',
      'twice a day',
    ])('leaves "%s" alone', async (input) => {
      const words = wordsFromText(input);
      expect(await dosage(input)).toEqual({ words, changes: [] });
    });

    it('records the number and the unit as separate changes that keep their own time', async () => {
      const words = wordsFromText('give two point five milligrams now', { start: 1, step: 0.5 });
      const result = await plugin.postProcess('medical.dosage', words);
      expect(text(result)).toBe('give 2.5 mg now');
      expect(result.changes).toEqual([
        { from: 1, fromEnd: 4, to: 1, toEnd: 2, before: 'two point five', after: '2.5' },
        { from: 4, fromEnd: 5, to: 2, toEnd: 3, before: 'milligrams', after: 'mg' },
      ]);
      expect(result.words.map((w) => [w.text, w.start, w.end])).toEqual([
        ['give', 1, 1.5],
        ['2.5', 1.5, 3],
        ['mg', 3, 3.5],
        ['now', 3.5, 4],
      ]);
    });

    it('takes the lowest confidence of the words it merges and keeps the rest as they came', async () => {
      const words = wordsFromText('take two point five milligrams', { confidence: [0.9, 0.8, 0.4, 0.7, 0.95] });
      const result = await plugin.postProcess('medical.dosage', words);
      expect(result.words.map((w) => w.confidence)).toEqual([0.9, 0.4, 0.95]);
      expect(result.words[0]).toEqual(words[0]);
    });

    it('is idempotent and keeps timings', async () => {
      const words = wordsFromText('give five to ten milligrams then one hundred micrograms per kilogram and ten millilitres');
      const check = await checkPostProcessing(plugin, words, { postProcessors: ['medical.dosage'] });
      expect(text(check)).toBe('give 5 to 10 mg then 100 mcg/kg and 10 mL');
      expect(check.problems).toEqual([]);
    });
  });

  describe('medical.casing', () => {
    it.each([
      ['the e c g showed sinus rhythm', 'the ECG showed sinus rhythm'],
      ['book an mri and a c t scan', 'book an MRI and a CT scan'],
      ['two ecgs were done', 'two ECGs were done'],
      ['the chest x ray was clear', 'the chest X-ray was clear'],
      ['her egfr is forty', 'her eGFR is forty'],
      ['check the hba one c', 'check the HbA1c'],
      ['covid nineteen pneumonia', 'COVID-19 pneumonia'],
      ['he has parkinson\'s disease', "he has Parkinson's disease"],
      ['graves disease', "Graves' disease"],
      ['guillain barre syndrome', 'Guillain-Barré syndrome'],
      ['e coli in the urine', 'E. coli in the urine'],
      ['type two diabetes', 'type 2 diabetes'],
      ['seen in a and e', 'seen in A&E'],
      ['a t i a last year', 'a TIA last year'],
      ['Tylenol or advil', 'Tylenol or Advil'],
    ])('%s → %s', async (input, expected) => {
      expect(text(await casing(input))).toBe(expected);
    });

    it.each(['vitamins a and e', 'her pet died', 'the tia maria', 'a patient with no medical terms at all'])('leaves "%s" alone', async (input) => {
      expect((await casing(input)).changes).toEqual([]);
    });

    it('records merged words over the span they replace', async () => {
      const result = await plugin.postProcess('medical.casing', wordsFromText('an e c g today', { step: 0.3 }));
      expect(result.changes).toEqual([{ from: 1, fromEnd: 4, to: 1, toEnd: 2, before: 'e c g', after: 'ECG' }]);
      expect(result.words[1]).toMatchObject({ text: 'ECG', start: 0.3, end: 1.2 });
    });

    it('is idempotent and keeps timings, also after dosage normalisation', async () => {
      const check = await checkPostProcessing(plugin, wordsFromText('the c t and the m r i showed a d v t so start apixaban five milligrams and check the inr'));
      expect(text(check)).toBe('the CT and the MRI showed a DVT so start apixaban 5 mg and check the INR');
      expect(check.problems).toEqual([]);
    });
  });
});
