import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../platform/ApiClient.ts';
import { addToVocabulary, vocabularyCandidates } from './addToVocabulary.ts';

describe('vocabularyCandidates', () => {
  it('tries the term as typed with what was heard, then lower case with the typed form displayed, then without sounds-like', () => {
    expect(vocabularyCandidates(' Zoloft ', 'so loft')).toEqual([
      { phrase: 'Zoloft', soundsLike: ['so loft'] },
      { phrase: 'zoloft', displayAs: 'Zoloft', soundsLike: ['so loft'] },
      { phrase: 'zoloft', displayAs: 'Zoloft' },
    ]);
  });

  it('sends one entry for a lower-case term with nothing else heard', () => {
    expect(vocabularyCandidates('sertraline', 'Sertraline')).toEqual([{ phrase: 'sertraline' }]);
    expect(vocabularyCandidates('two  words', undefined)).toEqual([{ phrase: 'two words' }]);
  });
});

describe('addToVocabulary against a server that only spells lower case', () => {
  it('falls back to the lower-case spelling and reports what was stored', async () => {
    const bodies: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const entry = JSON.parse(body) as { phrase: string };
        bodies.push(entry);
        const ok = /^[a-z' ]+$/.test(entry.phrase);
        res.writeHead(ok ? 201 : 422, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok ? entry : { error: { code: 'invalid-vocabulary', message: `cannot spell ${entry.phrase}` } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const api = new ApiClient(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
      expect(await addToVocabulary(api, 'p1', 'Zoloft', 'so loft')).toEqual({ phrase: 'zoloft', displayAs: 'Zoloft', soundsLike: ['so loft'] });
      expect(bodies).toHaveLength(2);
      await expect(addToVocabulary(api, 'p1', 'ÉCLAIR')).rejects.toThrow('cannot spell');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
