// One vocabulary-entry contract, four places that apply it: the CLI's vocabulary file, the server's project
// vocabulary (over HTTP: the real `npm start` server with its real database and bundled model), the plugin SDK's
// validator and the decoder (on the same model bundle). Every entry must get the same verdict from each of them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVocabularyGraph, type ModelBundle } from '@verbatim/asr';
import { loadModelBundle } from '@verbatim/asr/node';
import { VOCABULARY_LIMITS } from '@verbatim/core';
import { validateVocabularyEntries } from '@verbatim/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// the CLI is a program, not a library: its file loader is reached by path
import { loadVocabularyFile } from '../../apps/cli/src/loadVocabularyFile.ts';
import { ApiSession } from '../browser/harness/ApiSession.ts';
import { REPO, startServer, type RunningServer } from '../browser/harness/startServer.ts';

type Verdict = 'accepted' | 'refused';

// The bundled model spells lower-case a-z, apostrophes and spaces.
const CASES: { name: string; entry: unknown; verdict: Verdict }[] = [
  { name: 'a phrase alone', entry: { phrase: 'metformin' }, verdict: 'accepted' },
  { name: 'every field', entry: { phrase: 'metformin', soundsLike: ['met forming'], displayAs: 'Metformin', boost: 2.5 }, verdict: 'accepted' },
  { name: 'the smallest boost', entry: { phrase: 'metformin', boost: VOCABULARY_LIMITS.minBoost }, verdict: 'accepted' },
  { name: 'the largest boost', entry: { phrase: 'metformin', boost: VOCABULARY_LIMITS.maxBoost }, verdict: 'accepted' },
  { name: 'the longest phrase', entry: { phrase: `${'metformin '.repeat(VOCABULARY_LIMITS.phraseChars / 10 - 1)}metformins` }, verdict: 'accepted' },
  { name: 'the most soundsLike', entry: { phrase: 'metformin', soundsLike: Array.from({ length: VOCABULARY_LIMITS.soundsLike }, (_, i) => `metform${'i'.repeat(i + 1)}n`) }, verdict: 'accepted' },
  { name: 'boost too high', entry: { phrase: 'metformin', boost: 50 }, verdict: 'refused' },
  { name: 'boost just above the limit', entry: { phrase: 'metformin', boost: VOCABULARY_LIMITS.maxBoost + 0.5 }, verdict: 'refused' },
  { name: 'negative boost', entry: { phrase: 'metformin', boost: -1 }, verdict: 'refused' },
  { name: 'boost as text', entry: { phrase: 'metformin', boost: '3' }, verdict: 'refused' },
  { name: 'empty phrase', entry: { phrase: '' }, verdict: 'refused' },
  { name: 'blank phrase', entry: { phrase: '   ' }, verdict: 'refused' },
  { name: 'no phrase', entry: { soundsLike: ['met forming'] }, verdict: 'refused' },
  { name: 'phrase not text', entry: { phrase: 7 }, verdict: 'refused' },
  { name: 'too-long phrase', entry: { phrase: 'a'.repeat(VOCABULARY_LIMITS.phraseChars + 1) }, verdict: 'refused' },
  { name: 'soundsLike not a list', entry: { phrase: 'metformin', soundsLike: 'met forming' }, verdict: 'refused' },
  { name: 'empty soundsLike spelling', entry: { phrase: 'metformin', soundsLike: [''] }, verdict: 'refused' },
  { name: 'soundsLike spelling not text', entry: { phrase: 'metformin', soundsLike: [3] }, verdict: 'refused' },
  { name: 'too-long soundsLike spelling', entry: { phrase: 'metformin', soundsLike: ['b'.repeat(VOCABULARY_LIMITS.phraseChars + 1)] }, verdict: 'refused' },
  { name: 'too many soundsLike', entry: { phrase: 'metformin', soundsLike: Array.from({ length: VOCABULARY_LIMITS.soundsLike + 1 }, (_, i) => `metform${'i'.repeat(i + 1)}n`) }, verdict: 'refused' },
  { name: 'empty displayAs', entry: { phrase: 'metformin', displayAs: '' }, verdict: 'refused' },
  { name: 'displayAs not text', entry: { phrase: 'metformin', displayAs: 42 }, verdict: 'refused' },
  { name: 'too-long displayAs', entry: { phrase: 'metformin', displayAs: 'X'.repeat(VOCABULARY_LIMITS.phraseChars + 1) }, verdict: 'refused' },
  { name: 'an unknown field', entry: { phrase: 'metformin', note: 'from the glossary' }, verdict: 'refused' },
  { name: 'a misspelt field', entry: { phrase: 'metformin', sounds_like: ['met forming'] }, verdict: 'refused' },
  { name: 'not an object', entry: 'metformin', verdict: 'refused' },
  { name: 'null', entry: null, verdict: 'refused' },
];

let server: RunningServer;
let admin: ApiSession;
let vocabularyUrl: string;
let bundle: ModelBundle;
let dir: string;

beforeAll(async () => {
  server = await startServer();
  admin = await ApiSession.login(server.url, server.admin.email, server.admin.password);
  const project = await admin.call<{ id: string }>('POST', '/api/projects', { name: 'Vocabulary contract' });
  vocabularyUrl = `${server.url}/api/projects/${project.id}/vocabulary`;
  // the bundle the server checks vocabularies against (its default model directory)
  bundle = await loadModelBundle(join(REPO, 'models', 'verbatim-en-char-v1'));
  dir = mkdtempSync(join(tmpdir(), 'verbatim-vocabulary-contract-'));
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const judges: Record<string, (entry: unknown, i: number) => Promise<Verdict>> = {
  async 'CLI vocabulary file'(entry, i) {
    const file = join(dir, `vocab-${i}.json`);
    writeFileSync(file, JSON.stringify([entry]));
    return loadVocabularyFile(file).then(
      () => 'accepted',
      () => 'refused',
    );
  },
  async 'server PUT /api/projects/:id/vocabulary'(entry) {
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' };
    const response = await fetch(vocabularyUrl, { method: 'PUT', headers, body: JSON.stringify({ entries: [entry] }) });
    if (response.status === 200) return 'accepted';
    // a refusal is a client error that says why, never a crash
    expect([400, 422], await response.text()).toContain(response.status);
    return 'refused';
  },
  async 'plugin SDK validateVocabularyEntries'(entry) {
    return validateVocabularyEntries([entry]).length === 0 ? 'accepted' : 'refused';
  },
  async 'decoder createVocabularyGraph'(entry) {
    try {
      createVocabularyGraph(bundle, [entry as never]);
      return 'accepted';
    } catch (error) {
      expect((error as Error).name).toBe('VocabularyError');
      return 'refused';
    }
  },
};

describe('a vocabulary entry gets the same verdict everywhere', () => {
  for (const [judge, verdictOf] of Object.entries(judges)) {
    it(judge, async () => {
      const verdicts: Record<string, Verdict> = {};
      for (const [i, { name, entry }] of CASES.entries()) verdicts[name] = await verdictOf(entry, i);
      expect(verdicts).toEqual(Object.fromEntries(CASES.map(({ name, verdict }) => [name, verdict])));
    });
  }
});
