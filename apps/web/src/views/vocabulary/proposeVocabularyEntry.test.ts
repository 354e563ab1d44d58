import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../platform/ApiClient.ts';
import { proposeVocabularyEntry, vocabularyCandidates } from './proposeVocabularyEntry.ts';
import type { VocabularyEntryBody } from './vocabularyJson.ts';
import { VocabularyModel } from './VocabularyModel.ts';

describe('vocabularyCandidates', () => {
  it('tries the term as typed, then in lower case with the typed form displayed; each with what was heard, then without', () => {
    expect(vocabularyCandidates(' Zoloft ', 'So Loft')).toEqual([
      { phrase: 'Zoloft', soundsLike: ['so loft'] },
      { phrase: 'zoloft', displayAs: 'Zoloft', soundsLike: ['so loft'] },
      { phrase: 'Zoloft' },
      { phrase: 'zoloft', displayAs: 'Zoloft' },
    ]);
  });

  it('sends one entry for a lower-case term with nothing else heard', () => {
    expect(vocabularyCandidates('sertraline', 'Sertraline')).toEqual([{ phrase: 'sertraline' }]);
    expect(vocabularyCandidates('two  words', undefined)).toEqual([{ phrase: 'two words' }]);
  });

  it('leaves out the punctuation around a word of a punctuated transcript', () => {
    expect(vocabularyCandidates('Zoloft,', 'So loft,')).toEqual([
      { phrase: 'Zoloft', soundsLike: ['so loft'] },
      { phrase: 'zoloft', displayAs: 'Zoloft', soundsLike: ['so loft'] },
      { phrase: 'Zoloft' },
      { phrase: 'zoloft', displayAs: 'Zoloft' },
    ]);
    expect(vocabularyCandidates('"sertraline."', 'Sertraline.')).toEqual([{ phrase: 'sertraline' }]);
  });
});

// a server that checks as the real one does for a lower-case model with "at" and "the" common
async function withServer(run: (model: VocabularyModel, checked: VocabularyEntryBody[][]) => Promise<void>): Promise<void> {
  const checked: VocabularyEntryBody[][] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { entries } = JSON.parse(body) as { entries: VocabularyEntryBody[] };
      checked.push(entries);
      const problems = entries.flatMap((entry, index) => [
        ...(/^[a-z' ]+$/u.test(entry.phrase) ? [] : [{ index, phrase: entry.phrase, code: 'unsupported-characters', reason: `cannot spell ${entry.phrase}` }]),
        ...(entry.soundsLike ?? [])
          .filter((form) => ['at', 'the'].includes(form))
          .map((form) => ({ index, phrase: entry.phrase, code: 'common-sounds-like', soundsLike: form, reason: `"${form}" is too common` })),
      ]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ problems }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(VocabularyModel.for(new ApiClient(`http://127.0.0.1:${(server.address() as { port: number }).port}`)), checked);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('proposeVocabularyEntry', () => {
  it('never proposes a common word as the sounds-like form, and says why', async () => {
    await withServer(async (model, checked) => {
      const proposal = await proposeVocabularyEntry(model, 'p1', 'atrial', 'at');
      expect(proposal).toEqual({ entry: { phrase: 'atrial' }, withheld: [{ form: 'at', reason: '"at" is too common' }], problems: [] });
      // one round trip, nothing stored
      expect(checked).toHaveLength(1);
    });
  });

  it('keeps a misheard fragment as the sounds-like form, in the spelling the model can use', async () => {
    await withServer(async (model) => {
      expect(await proposeVocabularyEntry(model, 'p1', 'Zoloft', 'so loft')).toEqual({
        entry: { phrase: 'zoloft', displayAs: 'Zoloft', soundsLike: ['so loft'] },
        withheld: [],
        problems: [],
      });
      const none = await proposeVocabularyEntry(model, 'p1', 'ÉCLAIR');
      expect(none.problems).toMatchObject([{ code: 'unsupported-characters' }]);
    });
  });
});
