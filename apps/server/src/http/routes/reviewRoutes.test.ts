// Review over HTTP on a real server: recording reviews, the project's flagged words read from the live documents,
// and quality per model version.
import type { FlaggedWordsResponse } from '@verbatim/core/api';
import type { Segment } from '@verbatim/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Project } from '../../auth/ProjectStore.ts';
import { MediaStore } from '../../media/MediaStore.ts';
import { encodeReviewMark, TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import { bearer, createRoleProject, errorOf, type ProjectCaller, startTestServer, type TestServer, type TestUser } from '../../../test/testServer.ts';

type Caller = ProjectCaller;

const turn = (speaker: string, start: number, words: Array<[string, number]>): Segment => ({
  speaker,
  start,
  end: start + words.length * 0.5,
  words: words.map(([text, confidence], i) => ({ text, start: start + i * 0.5, end: start + i * 0.5 + 0.4, confidence })),
});

// two transcripts of two model versions; flagged below 0.6: quik, focks (first), ovr, lazy (second)
const FIRST = [turn('Ada', 0, [['the', 0.9], ['quik', 0.4], ['brown', 0.95], ['focks', 0.3], ['jumps', 0.8]])];
const SECOND = [turn('Bob', 10, [['ovr', 0.5], ['the', 0.9], ['lazy', 0.2], ['dog', 0.99]])];

let server: TestServer;
let users: Record<Caller, TestUser>;
let project: Project;
let first: string;
let second: string;
let media: { first: string; second: string };
let documents: DocumentStore;

beforeAll(async () => {
  server = await startTestServer();
  ({ users } = await createRoleProject(server));
  server.projects.createProject('Elsewhere', users.stranger.user.id);
  documents = new DocumentStore(server.db);
});

// every test gets its own project with the two fresh transcripts, so each runs alone or in any order
beforeEach(() => {
  project = server.projects.createProject('Interviews', users.owner.user.id);
  for (const role of ['editor', 'reviewer', 'viewer'] as const) server.projects.addMember(project.id, users[role].user.id, role);
  const store = new MediaStore(server.db, { dataDir: server.config.dataDir });
  const record = (name: string, sha: string) =>
    store.insert([{ projectId: project.id, sha256: sha.repeat(32), originalName: name, format: 'wav', bytes: 10, durationSeconds: 20, sampleRate: 16000, channels: 1, createdBy: users.owner.user.id, peaksPath: null }])[0]!.id;
  media = { first: record('interview-1.wav', 'a1'), second: record('interview-2.wav', 'b2') };
  let clock = 1000;
  const transcripts = new TranscriptStore(server.db, { documents, now: () => clock++ });
  const model = (version: string) => ({ id: 'en', version, sha256: 'cd'.repeat(32) });
  first = transcripts.create({ projectId: project.id, mediaId: media.first, model: model('1.0.0'), segments: FIRST }).id;
  second = transcripts.create({ projectId: project.id, mediaId: media.second, model: model('2.0.0'), segments: SECOND }).id;
});

afterAll(() => server?.close());

function call(caller: Caller | 'anonymous', method: string, path: string, body?: unknown): Promise<Response> {
  const headers = caller === 'anonymous' ? { 'content-type': 'application/json' } : bearer(users[caller].token);
  return server.fetch(path, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
}

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** Changes a transcript's document the way a client's update would, straight into its stored log. */
function edit(transcriptId: string, change: (paragraph: Y.XmlText) => void): void {
  const doc = documents.load(transcriptId);
  const before = Y.encodeStateVector(doc);
  change((doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>)[0]!.insert);
  documents.append(transcriptId, Y.encodeStateAsUpdate(doc, before));
  doc.destroy();
}

type Flagged = FlaggedWordsResponse;

/** Records a review as `caller` would, expecting it to be new. */
const review = async <T = { id: string }>(caller: Caller, transcriptId: string, body: object) =>
  json<T>(await call(caller, 'POST', `/api/transcripts/${transcriptId}/reviews`, body), 201);

const flagged = async (query = '', caller: Caller = 'viewer') => json<Flagged>(await call(caller, 'GET', `/api/projects/${project.id}/flagged${query}`));
const ACCEPT = { action: 'accept', start: 0.5, end: 0.9, before: 'quik', after: 'quik', confidence: 0.4 };
const CORRECT = { action: 'correct', start: 1.5, end: 1.9, before: 'focks', after: 'fox', confidence: 0.3 };

describe('GET /api/projects/:id/flagged', () => {
  it("lists the unreviewed words below the project's threshold, by transcript then time, with media and context", async () => {
    const page = await flagged();
    expect(page).toMatchObject({ threshold: 0.6, total: 4, truncated: false });
    expect(page.items.map((w) => [w.transcriptId, w.text])).toEqual([[first, 'quik'], [first, 'focks'], [second, 'ovr'], [second, 'lazy']]);
    expect(page.items[0]).toEqual({
      transcriptId: first,
      mediaId: media.first,
      mediaName: 'interview-1.wav',
      text: 'quik',
      start: 0.5,
      end: 0.9,
      confidence: 0.4,
      context: 'the quik brown focks',
    });
    expect(page.items[3]).toMatchObject({ mediaName: 'interview-2.wav', context: 'ovr the lazy dog' });
  });

  it('takes another threshold and a limit, saying when it stopped reading early', async () => {
    expect((await flagged('?threshold=0.35')).items.map((w) => w.text)).toEqual(['focks', 'lazy']);
    expect(await flagged('?limit=1')).toMatchObject({ total: 2, truncated: true, items: [{ text: 'quik' }] });
    expect(await flagged('?limit=2')).toMatchObject({ total: 2, truncated: true });
    const three = await flagged('?limit=3');
    expect(three).toMatchObject({ total: 4, truncated: false });
    expect(three.items).toHaveLength(3);
    expect((await flagged('?threshold=0&limit=2000')).items).toEqual([]);
  });

  it('pages through every flagged word with next and ?after=, losing none when words are reviewed between pages', async () => {
    const all = await flagged();
    expect(all.next).toBeNull();
    const seen: Array<[string, string]> = [];
    let page = await flagged('?limit=1');
    expect(page).toMatchObject({ total: 2, items: [{ text: 'quik' }] });
    // the first word is reviewed before the next page is asked for: nothing shifts, nothing is skipped
    edit(first, (paragraph) => paragraph.format('the '.length, 'quik'.length, { r: encodeReviewMark({ by: users.reviewer.user.id, at: 5 }) }));
    for (let pages = 1; ; pages++) {
      seen.push(...page.items.map((w): [string, string] => [w.transcriptId, w.text]));
      if (page.next === null) break;
      expect(pages).toBeLessThan(10);
      page = await flagged(`?limit=1&after=${page.next}`);
    }
    expect(seen).toEqual(all.items.map((w) => [w.transcriptId, w.text]));
    // a page across a transcript's end, and the words after a word counted from there on
    const two = await flagged('?limit=2');
    expect(two.items.map((w) => w.text)).toEqual(['focks', 'ovr']);
    const rest = await flagged(`?after=${two.next}`);
    expect(rest).toMatchObject({ total: 1, truncated: false, next: null, items: [{ text: 'lazy' }] });
  });

  it('refuses thresholds and limits out of range, and an after no page sent', async () => {
    const forged = Buffer.from(JSON.stringify([0, first, 'x', 1])).toString('base64url');
    for (const query of ['threshold=1.5', 'threshold=-0.1', 'threshold=high', 'threshold=', 'limit=0', 'limit=2001', 'limit=2.5', 'limit=', 'sort=time', 'after=', 'after=%7B%7D', 'after=bm90IGpzb24', `after=${forged}`]) {
      const error = await errorOf(await call('viewer', 'GET', `/api/projects/${project.id}/flagged?${query}`));
      expect(error, query).toMatchObject({ status: 400, code: 'invalid-query' });
    }
  });

  it('follows the live documents and the project threshold', async () => {
    const exported = async (format: string) => (await call('viewer', 'GET', `/api/transcripts/${first}/export?format=${format}`)).text();
    const textBefore = await exported('txt');
    const paragraphText = 'the quik brown focks jumps';
    edit(first, (paragraph) => paragraph.format(paragraphText.indexOf('quik'), 4, { r: encodeReviewMark({ by: users.reviewer.user.id, at: 5 }) }));
    expect((await flagged()).items.map((w) => w.text)).toEqual(['focks', 'ovr', 'lazy']);
    // a review mark changes no text, and the JSON export says who checked the word
    expect(await exported('txt')).toBe(textBefore);
    const { words } = JSON.parse(await exported('json')) as { words: Array<{ text: string; origin: string; reviewed?: unknown }> };
    expect(words.find((w) => w.text === 'quik')).toEqual({
      text: 'quik', start: 0.5, end: 0.9, confidence: 0.4, origin: 'asr',
      reviewed: { by: users.reviewer.user.id, byName: 'reviewer', at: new Date(5).toISOString(), action: 'accept' },
    });
    expect(words.find((w) => w.text === 'brown')).toEqual({ text: 'brown', start: 1, end: 1.4, confidence: 0.95, origin: 'asr' });
    await json(await call('editor', 'PATCH', `/api/projects/${project.id}`, { reviewThreshold: 0.45 }));
    expect(await flagged()).toMatchObject({ threshold: 0.45, items: [{ text: 'focks' }, { text: 'lazy' }] });
  });

  it('is for members only', async () => {
    expect(await errorOf(await call('stranger', 'GET', `/api/projects/${project.id}/flagged`))).toMatchObject({ status: 404, code: 'project-not-found' });
    expect(await errorOf(await call('anonymous', 'GET', `/api/projects/${project.id}/flagged`))).toMatchObject({ status: 401 });
  });
});

describe('reviews', () => {
  const path = () => `/api/transcripts/${first}/reviews`;

  it('records an accept from a reviewer, with who and when', async () => {
    const before = Date.now();
    const review = await json<Record<string, unknown>>(await call('reviewer', 'POST', path(), ACCEPT), 201);
    expect(review).toEqual({ id: expect.any(String), transcriptId: first, userId: users.reviewer.user.id, ...ACCEPT, createdAt: expect.any(Number), withdrawnAt: null });
    expect(review['createdAt']).toBeGreaterThanOrEqual(before);
  });

  it('takes corrections from editors and above only', async () => {
    expect(await errorOf(await call('reviewer', 'POST', path(), CORRECT))).toMatchObject({ status: 403, code: 'insufficient-role' });
    const review = await json<{ action: string; userId: string }>(await call('editor', 'POST', path(), CORRECT), 201);
    expect(review).toMatchObject({ action: 'correct', userId: users.editor.user.id, before: 'focks', after: 'fox' });
  });

  it('refuses viewers before reading the body, and hides the transcript from strangers', async () => {
    expect(await errorOf(await call('viewer', 'POST', path(), ACCEPT))).toMatchObject({ status: 403, code: 'insufficient-role' });
    expect(await errorOf(await call('viewer', 'POST', path(), '{not json'))).toMatchObject({ status: 403, code: 'insufficient-role' });
    expect(await errorOf(await call('stranger', 'POST', path(), ACCEPT))).toMatchObject({ status: 404, code: 'transcript-not-found' });
    expect(await errorOf(await call('stranger', 'GET', path()))).toMatchObject({ status: 404, code: 'transcript-not-found' });
    expect(await errorOf(await call('anonymous', 'POST', path(), ACCEPT))).toMatchObject({ status: 401 });
    expect(await errorOf(await call('owner', 'POST', `/api/transcripts/${crypto.randomUUID()}/reviews`, ACCEPT))).toMatchObject({ status: 404 });
  });

  it('validates the review', async () => {
    const bad = [
      { ...ACCEPT, start: 2, end: 1 },
      { ...ACCEPT, start: -1 },
      { ...ACCEPT, before: 'x'.repeat(501) },
      { ...ACCEPT, after: 'x'.repeat(501) },
      { ...ACCEPT, confidence: 1.5 },
      { ...ACCEPT, action: 'reject' },
      { ...ACCEPT, extra: true },
      { action: 'accept', start: 0.5, end: 0.9 },
    ];
    for (const body of bad) expect(await errorOf(await call('editor', 'POST', path(), body)), JSON.stringify(body)).toMatchObject({ status: 422, code: 'invalid-body' });
  });

  it('records only real words of the current text, with before and after what an accept or a correction means', async () => {
    const refused = [
      // the attack: an accept of a word that is not there, with before ≠ after
      [{ ...ACCEPT, start: 7, end: 7.4, before: 'x'.repeat(500), after: '' }, 'review-text-mismatch'],
      [{ ...ACCEPT, start: 7, end: 7.4, before: 'ghost', after: 'ghost' }, 'word-not-found'],
      [{ ...ACCEPT, end: 1.4, before: 'quik', after: 'quik' }, 'word-not-found'],
      [{ ...ACCEPT, before: 'quik', after: 'quick' }, 'review-text-mismatch'],
      [{ ...ACCEPT, before: 'brown', after: 'brown' }, 'review-text-mismatch'],
      [{ ...CORRECT, start: 30, end: 31 }, 'word-not-found'],
      [{ ...CORRECT, after: 'focks' }, 'review-text-mismatch'],
      [{ ...CORRECT, before: 'box', after: 'fox' }, 'review-text-mismatch'],
    ] as const;
    for (const [body, code] of refused) {
      expect(await errorOf(await call('editor', 'POST', path(), body)), JSON.stringify(body)).toMatchObject({ status: 422, code });
    }
    const brown = { action: 'accept', start: 1, end: 1.4, before: 'brown', after: 'brown', confidence: 0.95 };
    expect(await json(await call('reviewer', 'POST', path(), brown), 201)).toMatchObject({ action: 'accept', before: 'brown' });
  });

  it('keeps one decision per word and action: repeating one returns the review already recorded', async () => {
    await review('reviewer', first, ACCEPT);
    await review('editor', first, CORRECT);
    const { reviews: before } = await json<{ reviews: Array<{ id: string; action: string; before: string }> }>(await call('viewer', 'GET', path()));
    const original = before.find((r) => r.action === 'accept' && r.before === 'quik')!;
    for (let i = 0; i < 50; i++) {
      const repeat = await json<{ id: string; userId: string }>(await call(i % 2 === 0 ? 'editor' : 'reviewer', 'POST', path(), ACCEPT), 200);
      expect(repeat).toMatchObject({ id: original.id, userId: users.reviewer.user.id });
    }
    const again = await json<{ id: string; after: string }>(await call('owner', 'POST', path(), { ...CORRECT, after: 'fax' }), 200);
    expect(again).toMatchObject({ after: 'fox' });
    const { reviews: after } = await json<{ reviews: unknown[] }>(await call('viewer', 'GET', path()));
    expect(after).toHaveLength(before.length);
  });

  it('lists a transcript\'s reviews to every member, oldest first', async () => {
    await review('reviewer', first, ACCEPT);
    await review('editor', first, CORRECT);
    await review('reviewer', first, { action: 'accept', start: 1, end: 1.4, before: 'brown', after: 'brown', confidence: 0.95 });
    const { reviews } = await json<{ reviews: Array<{ action: string; before: string; userId: string }> }>(await call('viewer', 'GET', path()));
    expect(reviews.map((r) => [r.action, r.before])).toEqual([['accept', 'quik'], ['correct', 'focks'], ['accept', 'brown']]);
    expect(reviews[0]!.userId).toBe(users.reviewer.user.id);
    expect(await json(await call('viewer', 'GET', `/api/transcripts/${second}/reviews`))).toEqual({ reviews: [] });
  });
});

describe('withdrawing a review (undo) and making it again (redo)', () => {
  const path = () => `/api/transcripts/${second}/reviews`;
  const LAZY = { action: 'correct', start: 11, end: 11.4, before: 'lazy', after: 'hazy', confidence: 0.2 };
  const counts = async () => {
    const { models } = await json<{ models: Array<{ modelVersion: string; accepted: number; corrected: number }> }>(await call('viewer', 'GET', `/api/projects/${project.id}/quality`));
    return models.find((m) => m.modelVersion === '2.0.0')!;
  };
  const listed = async (query = '') => (await json<{ reviews: Array<{ id: string; withdrawnAt: number | null }> }>(await call('viewer', 'GET', `${path()}${query}`))).reviews;

  it('withdraws a decision, which then counts for nothing, and restores the same record when it is made again', async () => {
    const review = await json<{ id: string }>(await call('editor', 'POST', path(), LAZY), 201);
    expect(await counts()).toMatchObject({ corrected: 1 });
    const withdrawn = await json<{ id: string; withdrawnAt: number }>(await call('editor', 'DELETE', `${path()}/${review.id}`));
    expect(withdrawn).toMatchObject({ id: review.id, after: 'hazy', withdrawnAt: expect.any(Number) });
    // a second undo of the same decision changes nothing
    expect(await json(await call('editor', 'DELETE', `${path()}/${review.id}`))).toEqual(withdrawn);
    expect(await counts()).toMatchObject({ corrected: 0 });
    expect(await listed()).toEqual([]);
    expect(await listed('?withdrawn=include')).toEqual([expect.objectContaining({ id: review.id, withdrawnAt: withdrawn.withdrawnAt })]);

    for (let i = 0; i < 3; i++) {
      const redone = await json<{ id: string; withdrawnAt: number | null }>(await call('editor', 'POST', path(), LAZY), 200);
      expect(redone).toMatchObject({ id: review.id, withdrawnAt: null });
    }
    expect(await counts()).toMatchObject({ corrected: 1 });
    expect(await listed('?withdrawn=include')).toHaveLength(1);
  });

  it("is for the review's author (with the role its action needs) or an owner", async () => {
    const correction = await review('editor', second, LAZY);
    const accept = await review('reviewer', second, { action: 'accept', start: 11.5, end: 11.9, before: 'dog', after: 'dog', confidence: 0.99 });
    expect(await errorOf(await call('viewer', 'DELETE', `${path()}/${accept.id}`))).toMatchObject({ status: 403, code: 'insufficient-role' });
    expect(await errorOf(await call('editor', 'DELETE', `${path()}/${accept.id}`))).toMatchObject({ status: 403, code: 'not-your-review' });
    expect(await errorOf(await call('reviewer', 'DELETE', `${path()}/${correction.id}`))).toMatchObject({ status: 403, code: 'insufficient-role' });
    expect(await errorOf(await call('stranger', 'DELETE', `${path()}/${accept.id}`))).toMatchObject({ status: 404, code: 'transcript-not-found' });
    expect(await errorOf(await call('reviewer', 'DELETE', `/api/transcripts/${first}/reviews/${accept.id}`))).toMatchObject({ status: 404, code: 'review-not-found' });
    expect(await errorOf(await call('reviewer', 'DELETE', `${path()}/not-an-id`))).toMatchObject({ status: 400, code: 'invalid-id' });
    expect(await errorOf(await call('viewer', 'GET', `${path()}?withdrawn=maybe`))).toMatchObject({ status: 400, code: 'invalid-query' });
    expect(await json(await call('owner', 'DELETE', `${path()}/${correction.id}`))).toMatchObject({ withdrawnAt: expect.any(Number) });
    expect(await json(await call('reviewer', 'DELETE', `${path()}/${accept.id}`))).toMatchObject({ withdrawnAt: expect.any(Number) });
    expect(await listed()).toEqual([]);
  });
});

describe('GET /api/projects/:id/quality', () => {
  it('measures each model version: transcripts, original words, reviewed words, accepts, corrections and their rate', async () => {
    edit(first, (paragraph) => paragraph.format('the '.length, 4, { r: encodeReviewMark({ by: users.reviewer.user.id, at: 5 }) })); // "quik"
    await review('reviewer', first, ACCEPT);
    await json(await call('editor', 'POST', `/api/transcripts/${first}/reviews`, ACCEPT), 200);
    await review('editor', first, CORRECT);
    await review('reviewer', first, { action: 'accept', start: 1, end: 1.4, before: 'brown', after: 'brown', confidence: 0.95 });
    const withdrawn = await review('editor', second, { action: 'correct', start: 11, end: 11.4, before: 'lazy', after: 'hazy', confidence: 0.2 });
    await json(await call('editor', 'DELETE', `/api/transcripts/${second}/reviews/${withdrawn.id}`));
    // deleting a word in the document does not change what the model recognised
    edit(second, (paragraph) => paragraph.delete(0, 4)); // "ovr "
    const { models } = await json<{ models: unknown[] }>(await call('viewer', 'GET', `/api/projects/${project.id}/quality`));
    // the review counts of each version (the field measures beside them are fieldQuality.test.ts's)
    const counts = (models as Record<string, unknown>[]).map(({ modelId, modelVersion, transcripts, words, reviewed, accepted, corrected, correctionRate }) => ({
      modelId, modelVersion, transcripts, words, reviewed, accepted, corrected, correctionRate,
    }));
    expect(counts).toEqual([
      // "quik" is marked reviewed; reviews: accept quik (once, however often it was sent), correct focks, accept brown;
      // the second version's only correction was withdrawn
      { modelId: 'en', modelVersion: '1.0.0', transcripts: 1, words: 5, reviewed: 1, accepted: 2, corrected: 1, correctionRate: 1 / 3 },
      { modelId: 'en', modelVersion: '2.0.0', transcripts: 1, words: 4, reviewed: 0, accepted: 0, corrected: 0, correctionRate: null },
    ]);
    expect(await errorOf(await call('stranger', 'GET', `/api/projects/${project.id}/quality`))).toMatchObject({ status: 404, code: 'project-not-found' });
  });
});
