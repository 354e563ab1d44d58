// Field quality end to end on a real server: transcripts made from known words (TranscriptStore, for exact
// confidences), a review session through the API (corrections recorded, spans verified) with the document edited the
// way a client's update would be, then every measure asserted against values computed by hand: WER with S/D/I and its
// interval, reliability bins, ECE, AUROC, flag precision/recall, slices and their disparity, the /metrics gauges,
// the alert of a model version whose calibration was corrupted (confident wrong words) and not of the normal one,
// and recalibration.
import type { Segment } from '@verbatim/core';
import type { QualityAlertsResponse, QualityResponse, RecalibrationJson, VerifiedSpanJson } from '@verbatim/core/api';
import { TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Project } from '../auth/ProjectStore.ts';
import { storeJobTranscript } from '../jobs/storeJobTranscript.ts';
import { MediaStore } from '../media/MediaStore.ts';
import { JobQueue } from '../queue/JobQueue.ts';
import { fieldQualityOf } from '../reviews/measureQuality.ts';
import { ReviewStore } from '../reviews/ReviewStore.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { CalibrationStore } from './CalibrationStore.ts';
import { bearer, createRoleProject, errorOf, startTestServer, type ProjectCaller, type TestServer, type TestUser } from '../../test/testServer.ts';

const turn = (speaker: string, start: number, words: Array<[string, number]>): Segment => ({
  speaker,
  start,
  end: start + words.length * 0.5,
  words: words.map(([text, confidence], i) => ({ text, start: start + i * 0.5, end: start + i * 0.5 + 0.4, confidence })),
});

// Model en@1.0.0, the normal one. A: 10 words, reviewers correct quik → quick and focks → fox (2 substitutions).
const A = [
  turn('Ada', 0, [['the', 0.95], ['quik', 0.4], ['brown', 0.9], ['focks', 0.3], ['jumps', 0.85], ['over', 0.9], ['the', 0.95], ['lazy', 0.8], ['dog', 0.92], ['today', 0.7]]),
];
// B: 11 machine words for 10 spoken: too → to, bot → bought, bred → bread (3 substitutions) and "uh" deleted (1 insertion).
const B = [
  turn('Bob', 0, [['we', 0.9], ['went', 0.5], ['too', 0.55], ['the', 0.9], ['shops', 0.8], ['uh', 0.35], ['and', 0.95], ['bot', 0.85], ['some', 0.9], ['bred', 0.45], ['yesterday', 0.9]]),
];
// Model en@2.0.0: C is all right at 0.95 (its baseline); D, made after its calibration was corrupted, says 0.95 for
// every word and gets three wrong.
const C = [turn('Cy', 0, [['one', 0.95], ['two', 0.95], ['three', 0.95], ['four', 0.95], ['five', 0.95], ['six', 0.95], ['seven', 0.95], ['eight', 0.95], ['nine', 0.95], ['ten', 0.95]])];
const D = [turn('Cy', 0, [['won', 0.95], ['two', 0.95], ['tree', 0.95], ['four', 0.95], ['five', 0.95], ['sicks', 0.95], ['seven', 0.95], ['eight', 0.95], ['nine', 0.95], ['ten', 0.95]])];

let server: TestServer;
let users: Record<ProjectCaller, TestUser>;
let admin: TestUser;
let project: Project;
let documents: DocumentStore;
let media: MediaStore;
const ids: Record<'a' | 'b' | 'c' | 'd' | 'e', string> = { a: '', b: '', c: '', d: '', e: '' };
const mediaIds: Record<'a' | 'b', string> = { a: '', b: '' };

const model = (version: string) => ({ id: 'en', version, sha256: 'cd'.repeat(32) });

beforeAll(async () => {
  server = await startTestServer();
  ({ project, users } = await createRoleProject(server));
  admin = await server.createUser('root', { isAdmin: true });
  documents = new DocumentStore(server.db);
  media = new MediaStore(server.db, { dataDir: server.config.dataDir });
  let clock = 1000;
  const transcripts = new TranscriptStore(server.db, { documents, now: () => clock++ });
  const recording = (name: string) =>
    media.insert([{ projectId: project.id, sha256: name.repeat(64).slice(0, 64), originalName: `${name}.wav`, format: 'wav', bytes: 10, durationSeconds: 20, sampleRate: 16000, channels: 1, createdBy: users.owner.user.id, peaksPath: null }])[0]!.id;
  mediaIds.a = recording('a');
  mediaIds.b = recording('b');
  const make = (mediaId: string, version: string, segments: Segment[]) => transcripts.create({ projectId: project.id, mediaId, model: model(version), segments }).id;
  ids.a = make(mediaIds.a, '1.0.0', A);
  ids.b = make(mediaIds.b, '1.0.0', B);
  ids.c = make(mediaIds.a, '2.0.0', C);
  ids.d = make(mediaIds.b, '2.0.0', D);
  // a version that made a transcript nobody verified: present in /metrics, NaN
  ids.e = make(mediaIds.a, '3.0.0', C);
}, 60_000);

afterAll(() => server?.close());

function call(user: TestUser, method: string, path: string, body?: unknown): Promise<Response> {
  return server.fetch(path, { method, headers: bearer(user.token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** Edits the first paragraph's text as a client's update would, straight into the stored log. */
function edit(transcriptId: string, change: (paragraph: Y.XmlText, text: string) => void): void {
  const doc = documents.load(transcriptId);
  const before = Y.encodeStateVector(doc);
  const paragraph = (doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>)[0]!.insert;
  const text = (paragraph.toDelta() as Array<{ insert: unknown }>).map((piece) => (typeof piece.insert === 'string' ? piece.insert : '')).join('');
  change(paragraph, text);
  documents.append(transcriptId, Y.encodeStateAsUpdate(doc, before));
  doc.destroy();
}

/**
 * Replaces the first `from` in the paragraph by `to` as a person typing would: only the characters that differ, so a
 * corrected word keeps the timing of the characters it kept (the inserted ones take their neighbour's).
 */
function replace(transcriptId: string, from: string, to: string): void {
  edit(transcriptId, (paragraph, text) => {
    const at = text.indexOf(from);
    expect(at, `"${from}" in "${text}"`).toBeGreaterThanOrEqual(0);
    let prefix = 0;
    while (prefix < from.length && prefix < to.length && from[prefix] === to[prefix]) prefix++;
    let suffix = 0;
    while (suffix < from.length - prefix && suffix < to.length - prefix && from[from.length - 1 - suffix] === to[to.length - 1 - suffix]) suffix++;
    const removed = from.length - prefix - suffix;
    if (removed > 0) paragraph.delete(at + prefix, removed);
    const inserted = to.slice(prefix, to.length - suffix);
    if (inserted !== '') paragraph.insert(at + prefix, inserted);
  });
}

describe('field quality from a scripted review session', () => {
  it('sets the settings, attributes and verification through the API', async () => {
    const settings = { minWords: 10, baselineWords: 10, windowWords: 10, werMargin: 0.25, eceMargin: 0.1, disparityWarningRatio: 1.5 };
    await json(await call(users.owner, 'PUT', `/api/projects/${project.id}/quality-settings`, settings));
    expect((await errorOf(await call(users.editor, 'PUT', `/api/projects/${project.id}/quality-settings`, { minWords: 5 }))).status).toBe(403);
    await json(await call(admin, 'PUT', '/api/quality/settings', settings));

    await json(await call(users.owner, 'PUT', `/api/media/${mediaIds.a}/attributes`, { attributes: { accent: 'north' } }));
    await json(await call(users.owner, 'PUT', `/api/media/${mediaIds.b}/attributes`, { attributes: { accent: 'south' } }));
    const speakers = await json<{ speakers: Record<string, Record<string, string>> }>(
      await call(users.owner, 'PUT', `/api/projects/${project.id}/speaker-attributes`, { speakers: { Ada: { native: 'yes' }, Bob: { native: 'no' } } }),
    );
    expect(speakers.speakers).toEqual({ Ada: { native: 'yes' }, Bob: { native: 'no' } });

    // the reviewers' corrections: the document's text, and the review records through the API
    replace(ids.a, 'quik', 'quick');
    replace(ids.a, 'focks', 'fox');
    for (const [start, before, after, confidence] of [[0.5, 'quik', 'quick', 0.4], [1.5, 'focks', 'fox', 0.3]] as const) {
      await json(await call(users.editor, 'POST', `/api/transcripts/${ids.a}/reviews`, { action: 'correct', start, end: start + 0.4, before, after, confidence }), 201);
    }
    replace(ids.b, 'too', 'to');
    replace(ids.b, 'uh ', '');
    replace(ids.b, 'bot', 'bought');
    replace(ids.b, 'bred', 'bread');
    replace(ids.d, 'won', 'one');
    replace(ids.d, 'tree', 'three');
    replace(ids.d, 'sicks', 'six');

    // verified in this order: A, B (en@1.0.0), then C (the baseline of en@2.0.0), then D
    for (const id of [ids.a, ids.b, ids.c]) await json<VerifiedSpanJson>(await call(users.reviewer, 'POST', `/api/transcripts/${id}/verified-spans`, { scope: 'transcript' }), 201);
    const span = await json<VerifiedSpanJson>(await call(users.reviewer, 'POST', `/api/transcripts/${ids.d}/verified-spans`, { scope: 'turn', turn: 0 }), 201);
    expect(span).toMatchObject({ transcriptId: ids.d, scope: 'turn', startMs: 0, endMs: 4900, by: users.reviewer.user.id });
    expect((await errorOf(await call(users.viewer, 'POST', `/api/transcripts/${ids.d}/verified-spans`, { scope: 'transcript' }))).status).toBe(403);
  });

  it('measures WER with its edits and interval, reliability bins, ECE, AUROC and flags exactly', async () => {
    const quality = await json<QualityResponse>(await call(users.viewer, 'GET', `/api/projects/${project.id}/quality`));
    expect(quality).toMatchObject({ scope: 'project', threshold: 0.6, minWords: 10, disparityWarningRatio: 1.5, problems: [] });
    const normal = quality.models.find((m) => m.modelVersion === '1.0.0')!;
    expect(normal).toMatchObject({ transcripts: 2, words: 21, corrected: 2, accepted: 0, verifiedTranscripts: 2 });
    const field = normal.field;
    // 20 verified words; 2 + 4 errors: 5 substitutions, 1 insertion
    expect(field).toMatchObject({ verifiedWords: 20, scoredWords: 21, spans: 2, enough: true, reason: null });
    expect(field.wer).toMatchObject({ errors: 6, total: 20, substitutions: 5, deletions: 0, insertions: 1 });
    expect(field.wer!.rate).toBeCloseTo(0.3, 12);
    // two spans: R = 0.3, Σ(e − R·w)² = (2 − 3)² + (4 − 3)² = 2, Var = 2 · 2 / 20² → half-width 1.96 · 0.1
    expect(field.wer!.interval!.lower).toBeCloseTo(0.3 - 0.1959963984540054, 9);
    expect(field.wer!.interval!.upper).toBeCloseTo(0.3 + 0.1959963984540054, 9);
    // bins by hand: [0.3, 0.35] wrong; [0.4, 0.45] wrong; [0.5 right, 0.55 wrong]; [0.7 right];
    // [0.85, 0.8, 0.8 right, 0.85 wrong]; ten words from 0.9 to 0.95, all right
    const bins = field.reliability.map((b) => [b.count, b.correct]);
    expect(bins).toEqual([[0, 0], [0, 0], [0, 0], [2, 0], [2, 0], [2, 1], [0, 0], [1, 1], [4, 3], [10, 10]]);
    expect(field.reliability[9]!.meanConfidence).toBeCloseTo(0.917, 12);
    expect(field.reliability[8]!.accuracy).toBe(0.75);
    // ECE = (2·0.325 + 2·0.425 + 2·0.025 + 1·0.3 + 4·0.075 + 10·0.083) / 21 = 2.98 / 21
    expect(field.ece).toBeCloseTo(2.98 / 21, 12);
    // wrong words' confidences 0.3, 0.35, 0.4, 0.45 lie below all 15 right ones, 0.55 below 14, 0.85 below 10 and ties 1
    expect(field.auroc).toBeCloseTo((4 * 15 + 14 + 10.5) / 90, 12);
    // below 0.6: 0.4, 0.3, 0.5, 0.55, 0.35, 0.45 (6), of which wrong all but 0.5; "bot" (0.85) is the missed error
    expect(field.flags).toMatchObject({ threshold: 0.6, flagged: 6, errors: 6, flaggedErrors: 5 });
    expect(field.flags!.precision).toBeCloseTo(5 / 6, 12);
    expect(field.flags!.recall).toBeCloseTo(5 / 6, 12);
    expect(normal.corrections).toEqual([
      { said: 'bot', meant: 'bought', count: 1 },
      { said: 'bred', meant: 'bread', count: 1 },
      { said: 'focks', meant: 'fox', count: 1 },
      { said: 'quik', meant: 'quick', count: 1 },
      { said: 'too', meant: 'to', count: 1 },
      { said: 'uh', meant: '', count: 1 },
    ]);
    expect(normal.trend).toHaveLength(1);
    expect(normal.trend[0]).toMatchObject({ verifiedWords: 20 });
    expect(normal.trend[0]!.wer).toBeCloseTo(0.3, 12);
  });

  it('measures every slice and warns about the largest disparity', async () => {
    const quality = await json<QualityResponse>(await call(users.viewer, 'GET', `/api/projects/${project.id}/quality`));
    const normal = quality.models.find((m) => m.modelVersion === '1.0.0')!;
    const accent = normal.slices.find((s) => s.source === 'recording' && s.key === 'accent')!;
    expect(accent.slices.map((s) => [s.value, s.transcripts, s.measures.verifiedWords, s.measures.wer!.rate])).toEqual([
      ['north', 1, 10, 0.2],
      ['south', 1, 10, 0.4],
    ]);
    expect(accent.disparity).toEqual({ worst: 'south', best: 'north', ratio: 2, warning: true });
    const native = normal.slices.find((s) => s.source === 'speaker' && s.key === 'native')!;
    expect(native.slices.map((s) => [s.value, s.measures.wer!.rate])).toEqual([
      ['no', 0.4],
      ['yes', 0.2],
    ]);
    // one slice of fewer than minWords words: no disparity
    await json(await call(users.owner, 'PUT', `/api/projects/${project.id}/quality-settings`, { minWords: 11 }));
    const strict = await json<QualityResponse>(await call(users.viewer, 'GET', `/api/projects/${project.id}/quality`));
    const strictNormal = strict.models.find((m) => m.modelVersion === '1.0.0')!;
    expect(strictNormal.slices.find((s) => s.key === 'accent')!.disparity).toBeNull();
    expect(strictNormal.slices.find((s) => s.key === 'accent')!.slices[0]!.measures).toMatchObject({ enough: false, wer: null, reason: 'not enough data: 10 verified words, 11 needed' });
    expect(strictNormal.field.enough).toBe(true);
    await json(await call(users.owner, 'PUT', `/api/projects/${project.id}/quality-settings`, { minWords: 10, disparityWarningRatio: 2.5 }));
    const relaxed = await json<QualityResponse>(await call(users.viewer, 'GET', `/api/projects/${project.id}/quality`));
    expect(relaxed.models.find((m) => m.modelVersion === '1.0.0')!.slices.find((s) => s.key === 'accent')!.disparity!.warning).toBe(false);
    await json(await call(users.owner, 'PUT', `/api/projects/${project.id}/quality-settings`, { disparityWarningRatio: 1.5 }));
  });

  it('alerts on the version whose calibration was corrupted, not on the normal one', async () => {
    const quality = await json<QualityResponse>(await call(users.owner, 'GET', `/api/projects/${project.id}/quality`));
    const normal = quality.models.find((m) => m.modelVersion === '1.0.0')!;
    const degraded = quality.models.find((m) => m.modelVersion === '2.0.0')!;
    // normal: baseline A (WER 0.2, ECE 1.73/10), window B (WER 0.4, ECE 1.95/11): within 0.25 and 0.1
    expect(normal.alert.state).toBe('ok');
    expect(normal.alert.baselineWer).toBeCloseTo(0.2, 12);
    expect(normal.alert.windowWer).toBeCloseTo(0.4, 12);
    expect(normal.alert.baselineEce).toBeCloseTo(0.173, 12);
    expect(normal.alert.windowEce).toBeCloseTo(1.95 / 11, 12);
    // degraded: baseline C (WER 0, ECE 0.05), window D (WER 0.3, ECE |0.7 − 0.95| = 0.25)
    expect(degraded.alert).toMatchObject({ state: 'alert', baselineWer: 0, margin: 0.25 });
    expect(degraded.alert.windowWer).toBeCloseTo(0.3, 12);
    expect(degraded.alert.baselineEce).toBeCloseTo(0.05, 12);
    expect(degraded.alert.windowEce).toBeCloseTo(0.25, 12);
    expect(degraded.alert.reason).toMatch(/^worse than its baseline: WER and ECE/);
    expect(quality.models.find((m) => m.modelVersion === '3.0.0')!.alert.state).toBe('not-enough-data');

    const owner = await json<QualityAlertsResponse>(await call(users.owner, 'GET', '/api/quality/alerts'));
    expect(owner.alerts.map((a) => [a.projectId, a.modelId, a.modelVersion, a.state])).toEqual([[project.id, 'en', '2.0.0', 'alert']]);
    expect((await json<QualityAlertsResponse>(await call(users.viewer, 'GET', '/api/quality/alerts'))).alerts).toEqual([]);
    const forAdmin = await json<QualityAlertsResponse>(await call(admin, 'GET', '/api/quality/alerts'));
    expect(forAdmin.alerts.map((a) => [a.projectId, a.modelVersion])).toEqual([[null, '2.0.0']]);
  });

  it("compares the window with the version's finished comparison when it has one", async () => {
    // issue 13's compare run measured en@1.0.0 as a candidate at WER 0.05: its window (B, 0.4) is worse by more than 0.25
    const rows = [{ role: 'candidate', model: model('1.0.0'), wer: 0.05, ece: 0.02 }];
    server.db
      .prepare(
        `INSERT INTO model_comparisons (id, project_id, job_id, candidate_id, candidate_version, candidate_sha256, rows, created_at, created_by, finished_at)
         VALUES ('cmp-1', ?, 'job', 'en', '1.0.0', ?, ?, 0, ?, 1)`,
      )
      .run(project.id, model('1.0.0').sha256, JSON.stringify(rows), users.owner.user.id);
    try {
      const quality = await json<QualityResponse>(await call(users.owner, 'GET', `/api/projects/${project.id}/quality`));
      const normal = quality.models.find((m) => m.modelVersion === '1.0.0')!;
      expect(normal.alert).toMatchObject({ state: 'alert', baselineWer: 0.05, baselineEce: 0.02 });
      expect(normal.alert.windowWer).toBeCloseTo(0.4, 12);
      expect(normal.alert.reason).toContain('against its comparison cmp-1');
    } finally {
      server.db.prepare("DELETE FROM model_comparisons WHERE id = 'cmp-1'").run();
    }
  });

  it('exposes the windowed figures per model version on /metrics, NaN until there is enough data', async () => {
    const response = await server.fetch('/metrics', { headers: { authorization: `Bearer ${admin.token}` } });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const value = (name: string, version: string) => text.match(new RegExp(`^${name}\\{model="en",version="${version.replaceAll('.', '\\.')}"\\} (\\S+)$`, 'm'))?.[1];
    // window: the last 10 verified words of en@1.0.0 are B's
    expect(Number(value('verbatim_field_wer', '1.0.0'))).toBeCloseTo(0.4, 12);
    expect(Number(value('verbatim_field_ece', '1.0.0'))).toBeCloseTo(1.95 / 11, 12);
    // B: flagged 0.5, 0.55, 0.35, 0.45, of which 3 wrong; 4 errors
    expect(Number(value('verbatim_field_flag_precision', '1.0.0'))).toBeCloseTo(3 / 4, 12);
    expect(Number(value('verbatim_field_flag_recall', '1.0.0'))).toBeCloseTo(3 / 4, 12);
    expect(value('verbatim_field_verified_words', '1.0.0')).toBe('20');
    expect(value('verbatim_field_alert', '1.0.0')).toBe('0');
    expect(value('verbatim_field_alert', '2.0.0')).toBe('1');
    expect(Number(value('verbatim_field_cer', '2.0.0'))).toBeGreaterThan(0);
    // prom-client writes NaN as "Nan", which Prometheus reads as NaN
    expect(Number.isNaN(Number(value('verbatim_field_wer', '3.0.0')))).toBe(true);
    expect(value('verbatim_field_wer', '3.0.0')).toBeDefined();
    expect(value('verbatim_field_verified_words', '3.0.0')).toBe('0');
  });

  it('reads only the transcripts that changed since the last measure', () => {
    // the cache of this connection's FieldQuality (the server's own connection has its own, the same code)
    const quality = fieldQualityOf({ db: server.db, documents, reviews: new ReviewStore(server.db) });
    quality.measure(project.id);
    const reads = quality.documentReads;
    quality.measure(project.id);
    expect(quality.documentReads).toBe(reads);
    replace(ids.c, 'ten', 'tan');
    const after = quality.measure(project.id);
    expect(quality.documentReads).toBe(reads + 1);
    // C now has one substitution the machine did not make: the verified text says "tan"
    expect(after.models.find((m) => m.modelVersion === '2.0.0')!.field.wer!.errors).toBe(4);
    replace(ids.c, 'tan', 'ten');
  });
});

describe('verified spans', () => {
  it('lists, removes (kept on record) and refuses bad spans', async () => {
    const made = await json<VerifiedSpanJson>(await call(users.reviewer, 'POST', `/api/transcripts/${ids.e}/verified-spans`, { scope: 'span', startMs: 0, endMs: 1200 }), 201);
    const list = await json<{ spans: VerifiedSpanJson[] }>(await call(users.viewer, 'GET', `/api/transcripts/${ids.e}/verified-spans`));
    expect(list.spans).toEqual([made]);
    expect(made).toMatchObject({ scope: 'span', startMs: 0, endMs: 1200, byName: expect.any(String) });
    expect(await errorOf(await call(users.reviewer, 'POST', `/api/transcripts/${ids.e}/verified-spans`, { scope: 'span', startMs: 10, endMs: 5 }))).toMatchObject({ status: 422, code: 'invalid-span' });
    expect(await errorOf(await call(users.reviewer, 'POST', `/api/transcripts/${ids.e}/verified-spans`, { scope: 'turn', turn: 7 }))).toMatchObject({ status: 422, code: 'turn-not-found' });
    // a turn sent with the times the reviewer saw is recorded with those times, whatever paragraph the index names here
    const seen = await json<VerifiedSpanJson>(await call(users.reviewer, 'POST', `/api/transcripts/${ids.e}/verified-spans`, { scope: 'turn', turn: 7, startMs: 1200, endMs: 2300 }), 201);
    expect(seen).toMatchObject({ scope: 'turn', startMs: 1200, endMs: 2300 });
    expect((await call(users.reviewer, 'DELETE', `/api/transcripts/${ids.e}/verified-spans/${seen.id}`)).status).toBe(204);
    expect(await errorOf(await call(users.reviewer, 'POST', `/api/transcripts/${ids.e}/verified-spans`, { scope: 'turn', turn: 0, startMs: 900, endMs: 100 }))).toMatchObject({ status: 422, code: 'invalid-span' });
    expect((await errorOf(await call(users.viewer, 'DELETE', `/api/transcripts/${ids.e}/verified-spans/${made.id}`))).status).toBe(403);
    expect((await call(users.reviewer, 'DELETE', `/api/transcripts/${ids.e}/verified-spans/${made.id}`)).status).toBe(204);
    expect(await errorOf(await call(users.reviewer, 'DELETE', `/api/transcripts/${ids.e}/verified-spans/${made.id}`))).toMatchObject({ status: 404, code: 'span-not-found' });
    expect((await json<{ spans: unknown[] }>(await call(users.viewer, 'GET', `/api/transcripts/${ids.e}/verified-spans`))).spans).toEqual([]);
    const row = server.db.prepare('SELECT removed_by FROM verified_spans WHERE id = ?').get(made.id) as { removed_by: string };
    expect(row.removed_by).toBe(users.reviewer.user.id);
  });

  it('reports transcripts it cannot measure instead of skipping them', async () => {
    const other = server.projects.createProject('Imports', users.owner.user.id);
    server.projects.addMember(other.id, users.reviewer.user.id, 'reviewer');
    const recording = media.insert([{ projectId: other.id, sha256: 'f'.repeat(64), originalName: 'x.wav', format: 'wav', bytes: 10, durationSeconds: 5, sampleRate: 16000, channels: 1, createdBy: users.owner.user.id, peaksPath: null }])[0]!.id;
    const transcripts = new TranscriptStore(server.db, { documents });
    const unknown = transcripts.create({ projectId: other.id, mediaId: recording, model: { id: 'unknown', version: '', sha256: '' }, segments: A }).id;
    const missing = transcripts.create({ projectId: other.id, mediaId: recording, model: model('1.0.0'), segments: A, originalSegments: [] }).id;
    for (const id of [unknown, missing]) await json(await call(users.reviewer, 'POST', `/api/transcripts/${id}/verified-spans`, { scope: 'transcript' }), 201);
    const quality = await json<QualityResponse>(await call(users.owner, 'GET', `/api/projects/${other.id}/quality`));
    // both made in the same millisecond, perhaps: the API lists them by creation time, then id
    const byId = (a: string[], b: string[]) => (a[0]! < b[0]! ? -1 : 1);
    expect(quality.problems.map((p) => [p.transcriptId, p.problem]).sort(byId)).toEqual(
      [
        [unknown, 'model-unknown'],
        [missing, 'original-words-missing'],
      ].sort(byId),
    );
    expect(quality.models.map((m) => m.modelVersion)).toEqual(['1.0.0']);
    expect(quality.models[0]!.field).toMatchObject({ enough: false, verifiedWords: 0, reason: 'not enough data: 0 verified words, 10 needed' });
  });
});

describe('slice attributes', () => {
  it('are bounded strings: 400 with a clear message otherwise', async () => {
    const put = (attributes: unknown) => call(users.owner, 'PUT', `/api/media/${mediaIds.a}/attributes`, { attributes });
    const tooManyBytes = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, '€'.repeat(100)]));
    for (const [attributes, problem] of [
      [{ ['k'.repeat(41)]: 'x' }, /at most 40 characters/],
      [{ accent: 'v'.repeat(101) }, /at most 100 characters/],
      [Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'x'])), /at most 20 attributes/],
      [tooManyBytes, /at most 4096 bytes/],
      [{ accent: 3 }, /accent/],
    ] as const) {
      const error = await errorOf(await put(attributes));
      expect(error).toMatchObject({ status: 400, code: 'invalid-attributes' });
      expect(error.message).toMatch(problem);
    }
    expect((await errorOf(await call(users.editor, 'PUT', `/api/media/${mediaIds.a}/attributes`, { attributes: {} }))).status).toBe(403);
    expect(await json(await call(users.viewer, 'GET', `/api/media/${mediaIds.a}/attributes`))).toEqual({ attributes: { accent: 'north' } });
  });
});

describe('recalibration', () => {
  it('fits on verified words with a held-out part, applies to new jobs, and is reversible', async () => {
    expect((await errorOf(await call(users.owner, 'POST', '/api/quality/recalibrations', { modelId: 'en', modelVersion: '1.0.0' }))).status).toBe(403);
    expect(await errorOf(await call(admin, 'POST', '/api/quality/recalibrations', { modelId: 'en', modelVersion: '9' }))).toMatchObject({ status: 422, code: 'model-not-measured' });
    const revision = await json<RecalibrationJson>(await call(admin, 'POST', '/api/quality/recalibrations', { modelId: 'en', modelVersion: '1.0.0' }), 201);
    // 21 scored words, every fifth held out: 4 held out, 17 fitted
    expect(revision).toMatchObject({ modelId: 'en', modelVersion: '1.0.0', method: 'platt', fittedWords: 17, heldOutWords: 4, active: true, createdBy: admin.user.id });
    expect(Number.isFinite(revision.a) && Number.isFinite(revision.b)).toBe(true);
    expect(revision.eceBefore).toBeGreaterThanOrEqual(0);

    // a new job of en@1.0.0 stores calibrated confidences: σ(a · logit(0.9) + b)
    // a job the runner never claims (its kind is unknown and it runs in the far future): only its transcript matters here
    const jobId = new JobQueue(server.db).enqueue({ projectId: project.id, kind: 'calibration-test', payload: {}, runAfter: Date.now() + 1e12 }).id;
    const transcripts = new TranscriptStore(server.db, { documents });
    const stored = storeJobTranscript(server.db, transcripts, {
      jobId,
      projectId: project.id,
      mediaId: mediaIds.a,
      model: model('1.0.0'),
      segments: [turn('Ada', 0, [['hello', 0.9]])],
    });
    const expected = 1 / (1 + Math.exp(-(revision.a * Math.log(0.9 / 0.1) + revision.b)));
    expect(transcripts.originalSegments(stored)![0]!.words[0]!.confidence).toBeCloseTo(expected, 12);

    const quality = await json<QualityResponse>(await call(users.viewer, 'GET', `/api/projects/${project.id}/quality`));
    expect(quality.models.find((m) => m.modelVersion === '1.0.0')!.calibration).toEqual(revision);
    const calibrations = new CalibrationStore(server.db);
    const during = revision.createdAt;
    expect(calibrations.activeAt('en', '1.0.0', during)).toEqual({ a: revision.a, b: revision.b });
    expect((await call(admin, 'DELETE', `/api/quality/recalibrations/${revision.id}`)).status).toBe(204);
    // what a job stored while it was active can still be traced back to it (removal is kept on record)
    expect(calibrations.activeAt('en', '1.0.0', during)).toEqual({ a: revision.a, b: revision.b });
    expect(calibrations.activeAt('en', '1.0.0', Date.now() + 1)).toBeUndefined();
    expect((await json<{ recalibrations: unknown[] }>(await call(admin, 'GET', '/api/quality/recalibrations'))).recalibrations).toEqual([]);
    const after = await json<QualityResponse>(await call(users.viewer, 'GET', `/api/projects/${project.id}/quality`));
    expect(after.models.find((m) => m.modelVersion === '1.0.0')!.calibration).toBeNull();
  });
});
