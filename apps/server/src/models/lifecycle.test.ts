// The model lifecycle end to end, against the real server, its SQLite file and two genuinely different real models
// (the bundled float model with its word LM and calibration, and its int8 sherpa-onnx package without either):
// transcribe → reviewers correct the transcripts to the reference text (edits over the collaboration room, reviews
// over the API) → install the second model → make it the candidate → compare on the reviewed work (figures checked
// against an independent computation) → promote through the gate (refused when worse, allowed with a margin) →
// re-run everything the first model made with the new default (human words kept, revisions kept, an open editor
// sees it) → roll back → restore the text from before the re-run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ModelStore, TranscriberPool } from '@verbatim/asr/node';
import { alignWords, charErrorRate, normalizeForScoring, wordErrorRate, type Word } from '@verbatim/core';
import type { InstalledModelJson, JobJson, ModelAliasEventJson, ModelAliasJson, ModelComparisonJson, RerunJson, TranscriptRevisionJson } from '@verbatim/core/api';
import {
  appendParagraph,
  encodeReviewMark,
  encodeWordTiming,
  readTranscriptTurns,
  readTranscriptWords,
  REVIEW_MARK_KEY,
  TRANSCRIPT_ROOT,
  type TranscriptDocTurn,
  WORD_TIMING_KEY,
} from '@verbatim/core/document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Project } from '../auth/ProjectStore.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { toVocabularyEntries, VocabularyStore } from '../vocabulary/VocabularyStore.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { bearer, errorOf, startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';
import { YjsTestClient } from '../../test/yjsTestClient.ts';
import { until } from '../../test/yjsTestHelpers.ts';

const MODELS = resolve(import.meta.dirname, '../../../../models');
const BUNDLE = join(MODELS, 'verbatim-en-char-v1');
const INT8 = join(MODELS, 'verbatim-en-char-v1-int8');
/** The bundled model's version as its model.json names it (a promoted model gets the next one). */
const BUNDLED_VERSION = (JSON.parse(readFileSync(join(BUNDLE, 'model.json'), 'utf8')) as { version: string }).version;
const FIXTURES = JSON.parse(readFileSync(join(BUNDLE, 'fixtures/fixtures.json'), 'utf8')) as { utterances: Array<{ wav: string; text: string }> };
// espeak-ng's default voice reading sentences the bundled model's LM helps with, and one of the bundle's own fixtures
// enough words that the bundled model's LM is ahead of the int8 package's greedy decoding by more than chance: with
// the first three alone (27 words) acoustic model 1.10.0 made 3 errors with its LM and the int8 package 2
const SPOKEN = [
  'the meeting starts at nine in the morning',
  'please send me the report before friday',
  'she lives in milwaukee with her two sisters',
  'we should probably talk about the budget next week',
  'my brother works at the hospital on the weekends',
  'could you tell me where the nearest train station is',
  'the children were playing in the garden all afternoon',
];
const CANDIDATE = { id: 'verbatim-en-char-int8', version: '1.0.0' };

interface Clip {
  path: string;
  reference: string;
  mediaId: string;
  transcriptId: string;
  /** What the people did, as the test did it. */
  /** The words a person wrote (corrected or typed), in reading order. */
  human: string[];
  deleted: Array<{ start: number; end: number }>;
  accepted: string | undefined;
}

let audio: string | undefined;
let server: TestServer;
let admin: TestUser;
let owner: TestUser;
let editor: TestUser;
let project: Project;
let bundled: InstalledModelJson;
let candidate: InstalledModelJson;
let comparison: ModelComparisonJson;
/** The candidate's words on each clip, decoded in the test. */
let candidateWords: Word[][];
let live: YjsTestClient | undefined;
const clips: Clip[] = [];

const call = (user: TestUser, method: string, path: string, body?: unknown): Promise<Response> =>
  server.fetch(path, { method, headers: bearer(user.token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** Follows a job's event stream until the server ends it, and returns the job as it ended (it must have succeeded). */
async function finished(jobId: string): Promise<JobJson> {
  const stream = await call(owner, 'GET', `/api/jobs/${jobId}/events`);
  const events = (await stream.text()).split('\n\n').filter((m) => m.startsWith('event: job\n'));
  const last = JSON.parse(events.at(-1)!.slice(events.at(-1)!.indexOf('data: ') + 6)) as JobJson;
  expect(last.state, last.error ?? '').toBe('succeeded');
  return last;
}

function documentText(transcriptId: string): string {
  const doc = new DocumentStore(server.db).load(transcriptId);
  try {
    return readTranscriptWords(doc).map((w) => w.text).join(' ');
  } finally {
    doc.destroy();
  }
}

/**
 * What a reviewer does to make a transcript read as the reference: in the editor (a real collaboration client), each
 * misrecognised word is corrected in place (keeping its timing, marked as a person's), words that were not said are
 * deleted, words the model missed are typed in, and the first right word is accepted (its review mark); through the
 * API, each correction, deletion and the acceptance is recorded as a review.
 */
async function correctToReference(clip: Clip, keepOpen: boolean): Promise<void> {
  const client = await YjsTestClient.open(`${server.url.replace(/^http/, 'ws')}/yjs/${clip.transcriptId}?token=${editor.token}`);
  const turns: TranscriptDocTurn[] = readTranscriptTurns(client.doc);
  const words = turns.flatMap((t) => t.words);
  expect(words.length, 'the model heard nothing').toBeGreaterThan(0);
  const reference = clip.reference.split(' ');
  // first the corrections, deletions and the acceptance (each recorded as its review), then the missing words typed in
  const corrected: Array<{ insert: string; attributes?: Record<string, string> }> = [];
  const full: Array<{ insert: string; attributes?: Record<string, string> }> = [];
  const reviews: Array<Record<string, unknown>> = [];
  const add = (delta: typeof full, insert: string, attributes?: Record<string, string>) => {
    if (delta.length > 0) delta.push({ insert: ' ' });
    delta.push(attributes === undefined ? { insert } : { insert, attributes });
  };
  const at = Date.now();
  for (const step of alignWords(words.map((w) => w.text), reference)) {
    const timing = (w: (typeof words)[number], origin: 'asr' | 'human') => encodeWordTiming({ start: w.start, end: w.end, conf: w.confidence, origin });
    if (step.op === 'match') {
      const w = words[step.ref]!;
      const attributes: Record<string, string> = { [WORD_TIMING_KEY]: timing(w, 'asr') };
      if (clip.accepted === undefined) {
        attributes[REVIEW_MARK_KEY] = encodeReviewMark({ by: editor.user.id, at });
        clip.accepted = w.text;
        reviews.push({ action: 'accept', start: w.start, end: w.end, before: w.text, after: w.text, confidence: w.confidence });
      }
      add(corrected, w.text, attributes);
      add(full, w.text, attributes);
    } else if (step.op === 'sub') {
      const w = words[step.ref]!;
      const attributes = { [WORD_TIMING_KEY]: timing(w, 'human') };
      add(corrected, reference[step.hyp]!, attributes);
      add(full, reference[step.hyp]!, attributes);
      clip.human.push(reference[step.hyp]!);
      reviews.push({ action: 'correct', start: w.start, end: w.end, before: w.text, after: reference[step.hyp], confidence: w.confidence });
    } else if (step.op === 'del') {
      const w = words[step.ref]!;
      clip.deleted.push({ start: w.start, end: w.end });
      reviews.push({ action: 'correct', start: w.start, end: w.end, before: w.text, after: '', confidence: w.confidence });
    } else {
      add(full, reference[step.hyp]!);
      clip.human.push(reference[step.hyp]!);
    }
  }
  const replace = (delta: typeof full) =>
    client.doc.transact(() => {
      const root = client.doc.get(TRANSCRIPT_ROOT, Y.XmlText);
      root.delete(0, root.length);
      appendParagraph(root, { type: 'turn', speaker: turns[0]!.speaker, start: turns[0]!.start }, delta);
    });
  const text = (delta: typeof full) => delta.map((d) => d.insert).join('');
  replace(corrected);
  await until(undefined, () => documentText(clip.transcriptId) === text(corrected), 'the corrections to reach the server');
  for (const review of reviews) await json(await call(editor, 'POST', `/api/transcripts/${clip.transcriptId}/reviews`, review), 201);
  replace(full);
  await until(undefined, () => documentText(clip.transcriptId) === clip.reference, 'the typed words to reach the server');
  if (keepOpen) live = client;
  else client.socket.close();
}

/** Per recognised word: right (all its normalised tokens aligned as matches), or null when it normalises to nothing. */
function correctness(reference: string, words: readonly { text: string }[]): Array<boolean | null> {
  const ref = normalizeForScoring(reference).split(' ');
  const owners: number[] = [];
  const hyp: string[] = [];
  words.forEach((w, i) => {
    const n = normalizeForScoring(w.text);
    if (n !== '') for (const token of n.split(' ')) {
      hyp.push(token);
      owners.push(i);
    }
  });
  const right: Array<boolean | null> = words.map((w) => (normalizeForScoring(w.text) === "" ? null : true));
  for (const step of alignWords(ref, hyp)) if (step.op !== 'match' && step.hyp !== undefined) right[owners[step.hyp]!] = false;
  return right;
}

/** The comparison's figures for one model's words, computed here on their own. */
function expectedFigures(hyps: Array<readonly Word[]>, threshold: number) {
  const refs = clips.map((c) => c.reference);
  const texts = hyps.map((words) => words.map((w) => w.text).join(' '));
  const wer = wordErrorRate(refs, texts);
  const cer = charErrorRate(refs, texts);
  const scored = hyps.flatMap((words, i) => correctness(refs[i]!, words).map((right, k) => ({ right, confidence: words[k]!.confidence }))).filter((w) => w.right !== null);
  // ECE by hand: ten bins of width 0.1, 1.0 in the last
  const bins = Array.from({ length: 10 }, () => ({ n: 0, right: 0, confidence: 0 }));
  for (const w of scored) {
    const bin = bins[Math.min(9, Math.floor(w.confidence * 10))]!;
    bin.n++;
    bin.confidence += w.confidence;
    if (w.right) bin.right++;
  }
  const ece = bins.reduce((sum, b) => sum + Math.abs(b.right - b.confidence), 0) / scored.length;
  const flagged = scored.filter((w) => w.confidence < threshold);
  const wrong = scored.filter((w) => !w.right);
  const caught = flagged.filter((w) => !w.right).length;
  // "milwaukee" (the project's one term) is recalled where the aligned reference word is a match
  let terms = 0;
  let recalled = 0;
  hyps.forEach((words, i) => {
    const ref = normalizeForScoring(refs[i]!).split(' ');
    const hyp = words.flatMap((w) => normalizeForScoring(w.text).split(' ').filter((t) => t !== ''));
    const matched = new Set(alignWords(ref, hyp).filter((s) => s.op === 'match').map((s) => s.ref));
    ref.forEach((token, k) => {
      if (token !== 'milwaukee') return;
      terms++;
      if (matched.has(k)) recalled++;
    });
  });
  return {
    referenceWords: wer.total,
    wer: wer.rate,
    cer: cer.rate,
    substitutions: wer.substitutions,
    deletions: wer.deletions,
    insertions: wer.insertions,
    ece,
    flagPrecision: flagged.length === 0 ? null : caught / flagged.length,
    flagRecall: wrong.length === 0 ? null : caught / wrong.length,
    terms,
    termRecall: terms === 0 ? null : recalled / terms,
  };
}

beforeAll(async () => {
  const dir = (audio = mkdtempSync(join(tmpdir(), 'vwb-lifecycle-')));
  const spoken = SPOKEN.map((text, i) => {
    const path = join(dir, `spoken${i}.wav`);
    execFileSync('nice', ['-n', '19', 'espeak-ng', '-w', path, text]);
    return { path, reference: text };
  });
  const CLIPS = [...spoken, { path: join(BUNDLE, 'fixtures', FIXTURES.utterances[0]!.wav), reference: FIXTURES.utterances[0]!.text }];
  server = await startTestServer({ modelDir: BUNDLE, workers: 1 });
  admin = await server.createUser('admin', { isAdmin: true });
  owner = await server.createUser('owner');
  editor = await server.createUser('editor');
  project = server.projects.createProject('Interviews', owner.user.id);
  server.projects.addMember(project.id, editor.user.id, 'editor');
  // the project's one vocabulary term, in the transcriptions and the comparison alike
  new VocabularyStore(server.db).replace(project.id, [{ phrase: 'milwaukee' }], null);
  const form = new FormData();
  for (const clip of CLIPS) form.append('file', new Blob([readFileSync(clip.path)]), `${clip.reference}.wav`);
  const uploaded = await json<{ media: Array<{ id: string }> }>(
    await server.fetch(`/api/projects/${project.id}/media`, { method: 'POST', headers: { authorization: `Bearer ${editor.token}` }, body: form }),
    201,
  );
  const jobs: string[] = [];
  for (const [i, clip] of CLIPS.entries()) {
    const mediaId = uploaded.media[i]!.id;
    jobs.push((await json<JobJson>(await call(editor, 'POST', `/api/projects/${project.id}/jobs`, { mediaId }), 202)).id);
    clips.push({ ...clip, mediaId, transcriptId: '', human: [], deleted: [], accepted: undefined });
  }
  for (const [i, jobId] of jobs.entries()) clips[i]!.transcriptId = ((await finished(jobId)).result as { transcriptId: string }).transcriptId;
  for (const [i, clip] of clips.entries()) await correctToReference(clip, i === 0);
}, 120_000);

afterAll(async () => {
  live?.socket.close();
  await server?.close();
  if (audio !== undefined) rmSync(audio, { recursive: true, force: true });
});

describe('the model lifecycle, end to end', () => {
  it('installs a second, different model into the store the server uses, and makes it the candidate', async () => {
    // as `verbatim model install <dir> --store <data-dir>/models` does
    await new ModelStore(join(server.config.dataDir, 'models')).install(INT8, { ...CANDIDATE, installedBy: admin.user.id });
    const { models } = await json<{ models: InstalledModelJson[] }>(await call(owner, 'GET', '/api/models'));
    bundled = models.find((m) => m.id === 'verbatim-en-char')!;
    candidate = models.find((m) => m.id === CANDIDATE.id)!;
    expect(bundled).toMatchObject({ version: BUNDLED_VERSION, calibrated: true, hasLm: true, aliases: ['default'] });
    expect(candidate).toMatchObject({ version: '1.0.0', layout: 'sherpa-nemo-ctc', calibrated: false, hasLm: false });
    expect(candidate.sha256).not.toBe(bundled.sha256);
    const alias = await json<ModelAliasJson>(await call(admin, 'PUT', '/api/model-aliases/candidate', { model: `${CANDIDATE.id}@${CANDIDATE.version}`, reason: 'try the int8 package' }));
    expect(alias.model).toMatchObject(CANDIDATE);
  });

  it('compares the candidate with the current transcripts on the reviewed work, figures as computed independently', async () => {
    const started = await json<ModelComparisonJson>(await call(owner, 'POST', `/api/projects/${project.id}/model-comparisons`, { model: `${CANDIDATE.id}@${CANDIDATE.version}` }), 202);
    expect(started).toMatchObject({ state: 'queued', candidate: { ...CANDIDATE, sha256: candidate.sha256 }, rows: [] });
    await finished(started.jobId);
    comparison = await json<ModelComparisonJson>(await call(owner, 'GET', `/api/model-comparisons/${started.id}`));
    if (process.env['VERBATIM_PRINT_COMPARISON'] !== undefined) console.log(JSON.stringify(comparison.rows, null, 1));
    expect(comparison).toMatchObject({ state: 'succeeded', transcripts: clips.length });
    expect((await json<{ comparisons: ModelComparisonJson[] }>(await call(owner, 'GET', `/api/projects/${project.id}/model-comparisons`))).comparisons).toEqual([comparison]);

    const threshold = server.projects.getProject(project.id)!.reviewThreshold;
    const transcripts = new TranscriptStore(server.db);
    const stored = clips.map((c) => transcripts.originalSegments(c.transcriptId)!.flatMap((s) => s.words));
    // the candidate's words, decoded here the way the comparison job decodes them (project vocabulary, no LM of its own)
    const pool = new TranscriberPool({ bundleDir: (await new ModelStore(join(server.config.dataDir, 'models')).get(`${CANDIDATE.id}@${CANDIDATE.version}`))!.dir });
    const vocabulary = toVocabularyEntries(new VocabularyStore(server.db).list(project.id));
    const fresh: Word[][] = [];
    try {
      for (const clip of clips) fresh.push((await pool.transcribeFile(clip.path, { vocabulary })).words);
    } finally {
      await pool.dispose();
    }

    candidateWords = fresh;
    expect(comparison.basis).toBe('reviews');
    const current = comparison.rows.find((r) => r.role === 'current')!;
    const tried = comparison.rows.find((r) => r.role === 'candidate')!;
    const expectedCurrent = expectedFigures(stored, threshold);
    const expectedCandidate = expectedFigures(fresh, threshold);
    expect(current.model).toEqual({ id: bundled.id, version: bundled.version, sha256: bundled.sha256 });
    expect(tried.model).toEqual({ id: candidate.id, version: candidate.version, sha256: candidate.sha256 });
    for (const [row, expected] of [[current, expectedCurrent], [tried, expectedCandidate]] as const) {
      expect(row).toMatchObject({
        referenceWords: expected.referenceWords,
        substitutions: expected.substitutions,
        deletions: expected.deletions,
        insertions: expected.insertions,
        terms: expected.terms,
        flagThreshold: threshold,
      });
      expect(row.wer).toBeCloseTo(expected.wer, 12);
      expect(row.cer).toBeCloseTo(expected.cer, 12);
      expect(row.termRecall).toBe(expected.termRecall);
      expect(row.flagPrecision).toBe(expected.flagPrecision);
      expect(row.flagRecall).toBe(expected.flagRecall);
    }
    expect(expectedCurrent.terms).toBe(1);
    // the bundled model is calibrated: its ECE is reported; the int8 package is not: none
    expect(current.ece).toBeCloseTo(expectedCurrent.ece, 12);
    expect(tried.ece).toBeNull();
    expect(current.realTimeFactor).toBeNull();
    expect(tried.realTimeFactor).toBeGreaterThan(0);
    expect(comparison.audioSeconds).toBeGreaterThan(3);

    const unreviewed = server.projects.createProject('Nothing reviewed', owner.user.id);
    expect(await errorOf(await call(owner, 'POST', `/api/projects/${unreviewed.id}/model-comparisons`, { model: candidate.ref }))).toMatchObject({ status: 422, code: 'nothing-to-compare' });
    expect(await errorOf(await call(owner, 'POST', `/api/projects/${project.id}/model-comparisons`, { model: 'no-such-model@1' }))).toMatchObject({ status: 422, code: 'model-not-found' });
    expect(await errorOf(await call(editor, 'POST', `/api/projects/${project.id}/model-comparisons`, { model: candidate.ref }))).toMatchObject({ status: 403 });
  }, 60_000);

  it('compares on the verified spans alone once the project has some', async () => {
    const clip = clips[0]!;
    const doc = new DocumentStore(server.db).load(clip.transcriptId);
    const words = readTranscriptWords(doc);
    doc.destroy();
    // the first half of the clip's words, verified
    const half = words.slice(0, Math.ceil(words.length / 2));
    const span = { startMs: Math.round(half[0]!.start * 1000), endMs: Math.round(half.at(-1)!.end * 1000) };
    await json(await call(editor, 'POST', `/api/transcripts/${clip.transcriptId}/verified-spans`, { scope: 'span', ...span }), 201);
    const started = await json<ModelComparisonJson>(await call(owner, 'POST', `/api/projects/${project.id}/model-comparisons`, { model: candidate.ref }), 202);
    await finished(started.jobId);
    const onSpans = await json<ModelComparisonJson>(await call(owner, 'GET', `/api/model-comparisons/${started.id}`));
    expect(onSpans).toMatchObject({ state: 'succeeded', basis: 'verified-spans', transcripts: 1 });
    const inside = (w: { start: number; end: number }) => ((w.start + w.end) / 2) * 1000 >= span.startMs && ((w.start + w.end) / 2) * 1000 <= span.endMs;
    const reference = words.filter(inside).map((w) => w.text).join(' ');
    expect(reference).toBe(half.map((w) => w.text).join(' '));
    const stored = new TranscriptStore(server.db).originalSegments(clip.transcriptId)!.flatMap((s) => s.words).filter(inside);
    for (const [role, hyp] of [['current', stored], ['candidate', candidateWords[0]!.filter(inside)]] as const) {
      const expected = wordErrorRate([reference], [hyp.map((w) => w.text).join(' ')]);
      const row = onSpans.rows.find((r) => r.role === role)!;
      expect(row, role).toMatchObject({ referenceWords: expected.total, substitutions: expected.substitutions, deletions: expected.deletions, insertions: expected.insertions });
      expect(row.wer).toBeCloseTo(expected.rate, 12);
    }
  }, 60_000);

  it('refuses to promote a candidate that is worse on the comparison, and promotes it within a margin', async () => {
    const current = comparison.rows.find((r) => r.role === 'current')!;
    const tried = comparison.rows.find((r) => r.role === 'candidate')!;
    // without its LM the int8 package is worse on these clips than the bundled model with its LM
    expect(tried.wer!).toBeGreaterThan(current.wer!);
    const refused = await errorOf(await call(admin, 'POST', '/api/model-aliases/promote', { reason: 'smaller', comparisonId: comparison.id }));
    expect(refused).toMatchObject({ status: 409, code: 'promotion-refused' });
    expect(refused.message).toContain(`${(tried.wer! * 100).toFixed(1)}%`);
    expect(refused.message).toContain(`${(current.wer! * 100).toFixed(1)}%`);
    expect(await errorOf(await call(admin, 'POST', '/api/model-aliases/promote', { reason: 'smaller', comparisonId: crypto.randomUUID() }))).toMatchObject({
      status: 422,
      code: 'comparison-not-found',
    });
    const margin = Math.min(1, tried.wer! - current.wer! + 0.01);
    const promoted = await json<ModelAliasJson>(await call(admin, 'POST', '/api/model-aliases/promote', { reason: 'smaller, worth the loss', comparisonId: comparison.id, maxWerIncrease: margin }));
    expect(promoted).toMatchObject({ alias: 'default', projectId: null, model: { ...CANDIDATE, sha256: candidate.sha256 } });
  });

  it('re-runs everything the first model made with the new default, keeping the human words, the revisions and the open editor in step', async () => {
    const later = { fromModel: `${bundled.id}@${bundled.version}`, since: Date.now() + 3_600_000 };
    expect(await errorOf(await call(owner, 'POST', `/api/projects/${project.id}/reruns`, later))).toMatchObject({ status: 422, code: 'nothing-to-rerun' });
    const rerun = await json<RerunJson>(await call(owner, 'POST', `/api/projects/${project.id}/reruns`, { fromModel: `${bundled.id}@${bundled.version}` }), 202);
    expect(rerun).toMatchObject({ fromModel: { id: bundled.id, version: bundled.version }, model: { ...CANDIDATE, sha256: candidate.sha256 } });
    expect(rerun.jobIds).toHaveLength(clips.length);
    for (const jobId of rerun.jobIds) await finished(jobId);
    expect((await json<{ reruns: RerunJson[] }>(await call(owner, 'GET', `/api/projects/${project.id}/reruns`))).reruns).toEqual([rerun]);

    for (const clip of clips) {
      const record = await json<{ model: { id: string; version: string } }>(await call(editor, 'GET', `/api/transcripts/${clip.transcriptId}?turns=0`));
      expect(record.model).toMatchObject(CANDIDATE);
      const doc = new DocumentStore(server.db).load(clip.transcriptId);
      const words = readTranscriptWords(doc);
      doc.destroy();
      // every word a person wrote is still there, in order, as theirs; the accepted word keeps its mark
      const human = words.filter((w) => w.origin === 'human').map((w) => w.text);
      expect(human).toEqual(clip.human);
      if (clip.accepted !== undefined) expect(words.find((w) => w.reviewed)).toMatchObject({ text: clip.accepted, reviewedBy: editor.user.id });
      // nothing comes back where a person deleted words
      for (const gap of clip.deleted) expect(words.filter((w) => w.origin !== 'human' && (w.start + w.end) / 2 >= gap.start && (w.start + w.end) / 2 <= gap.end)).toEqual([]);
      const { revisions } = await json<{ revisions: TranscriptRevisionJson[] }>(await call(editor, 'GET', `/api/transcripts/${clip.transcriptId}/revisions`));
      expect(revisions.map((r) => [r.kind, r.model?.id])).toEqual([['machine', bundled.id], ['before-rerun', bundled.id], ['machine', CANDIDATE.id]]);
      const before = await json<{ segments: TranscriptDocTurn[] }>(await call(editor, 'GET', `/api/transcripts/${clip.transcriptId}/revisions/${revisions[1]!.id}`));
      expect(before.segments.flatMap((t) => t.words.map((w) => w.text)).join(' ')).toBe(clip.reference);
    }
    // the editor that stayed connected got the new text as it was stored
    const first = clips[0]!;
    await until(live!.doc, () => readTranscriptWords(live!.doc).map((w) => w.text).join(' ') === documentText(first.transcriptId), 'the open editor to see the re-run');
  }, 60_000);

  it('rolls the default back, with set, promote and rollback in the history', async () => {
    const back = await json<ModelAliasJson>(await call(admin, 'POST', '/api/model-aliases/default/rollback', { reason: 'the int8 package reads names worse' }));
    expect(back.model).toEqual({ id: bundled.id, version: bundled.version, sha256: bundled.sha256 });
    const { events } = await json<{ events: ModelAliasEventJson[] }>(await call(admin, 'GET', '/api/model-aliases/history'));
    expect(events.map((e) => [e.alias, e.action])).toEqual([
      ['default', 'rollback'],
      ['candidate', 'clear'],
      ['default', 'promote'],
      ['candidate', 'set'],
      ['default', 'set'],
    ]);
    expect(events[2]).toMatchObject({ comparisonId: comparison.id, from: { id: bundled.id }, to: { id: CANDIDATE.id }, by: admin.user.id });
  });

  it('re-transcribes one transcript with the default again, from the API, keeping the human words', async () => {
    const clip = clips[2]!;
    expect(await errorOf(await call(editor, 'POST', `/api/transcripts/${clip.transcriptId}/retranscribe`, { model: 'no-such-model@1' }))).toMatchObject({ status: 422, code: 'model-not-found' });
    const job = await json<JobJson>(await call(editor, 'POST', `/api/transcripts/${clip.transcriptId}/retranscribe`, { lm: 'off' }), 202);
    expect(job).toMatchObject({ kind: 'retranscribe', payload: { transcriptId: clip.transcriptId, lm: 'off', requestedBy: editor.user.id } });
    expect((await finished(job.id)).result).toMatchObject({ transcriptId: clip.transcriptId, model: { id: bundled.id }, lm: 'off' });
    const doc = new DocumentStore(server.db).load(clip.transcriptId);
    expect(readTranscriptWords(doc).filter((w) => w.origin === 'human').map((w) => w.text)).toEqual(clip.human);
    doc.destroy();
    const { revisions } = await json<{ revisions: TranscriptRevisionJson[] }>(await call(editor, 'GET', `/api/transcripts/${clip.transcriptId}/revisions`));
    expect(revisions.map((r) => [r.kind, r.model?.id, r.createdBy])).toEqual([
      ['machine', bundled.id, null],
      ['before-rerun', bundled.id, owner.user.id],
      ['machine', CANDIDATE.id, owner.user.id],
      ['before-rerun', CANDIDATE.id, editor.user.id],
      ['machine', bundled.id, editor.user.id],
    ]);
  }, 60_000);

  it('restores the text from before the re-run, keeping the re-run\'s own as a revision', async () => {
    const clip = clips[1]!;
    const path = `/api/transcripts/${clip.transcriptId}/revisions`;
    const before = (await json<{ revisions: TranscriptRevisionJson[] }>(await call(editor, 'GET', path))).revisions.find((r) => r.kind === 'before-rerun')!;
    const restored = await json<{ revision: TranscriptRevisionJson; restored: TranscriptRevisionJson }>(await call(editor, 'POST', `${path}/${before.id}/restore`));
    expect(restored.restored).toEqual(before);
    expect(restored.revision).toMatchObject({ kind: 'before-restore', model: { id: CANDIDATE.id }, createdBy: editor.user.id });
    expect(documentText(clip.transcriptId)).toBe(clip.reference);
    const record = await json<{ model: { id: string } }>(await call(editor, 'GET', `/api/transcripts/${clip.transcriptId}?turns=0`));
    expect(record.model.id).toBe(bundled.id);
    const kinds = (await json<{ revisions: TranscriptRevisionJson[] }>(await call(editor, 'GET', path))).revisions.map((r) => r.kind);
    expect(kinds).toEqual(['machine', 'before-rerun', 'machine', 'before-restore']);
    expect(await errorOf(await call(editor, 'POST', `${path}/${crypto.randomUUID()}/restore`))).toMatchObject({ status: 404, code: 'revision-not-found' });
  });
});
