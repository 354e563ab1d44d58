// Finishing a live session against a real data directory and database: the raw recording becomes project media
// through the upload path, the stored finals a transcript on the recording's clock, a retranscribe job is queued
// with the session's model and its word LM, and a failure leaves the session failed with its recording kept.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAudioFile } from '@verbatim/asr/node';
import type { CaptionJson, LmModeJson, RetranscribeJobPayloadJson } from '@verbatim/core/api';
import { readTranscriptTurns } from '@verbatim/core/document';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../config/ServerConfig.ts';
import { createServerContext, type ServerContext } from '../../http/createServerContext.ts';
import { MediaStore } from '../../media/MediaStore.ts';
import { seedBundledModel } from '../../models/seedBundledModel.ts';
import { RETRANSCRIBE_JOB_KIND } from '../../models/rerun/retranscribeJobPayload.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import { TEST_BUNDLE } from '../../../test/modelStoreFixtures.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';
import { liveRecordingDir, liveRecordingPath, liveRecordingRoot } from '../liveRecordingPath.ts';
import { finishLiveSession, finishStoppingLiveSessions } from './finishLiveSession.ts';

let dir: string;
let context: ServerContext;
let store: LiveSessionStore;
let projectId: string;
let userId: string;
let pcm: Buffer;
let model: { id: string; version: string; sha256: string };

const RATE = 16000;

function caption(seq: number, words: Array<[string, number, number]>): CaptionJson {
  return {
    seq,
    final: true,
    text: words.map(([text]) => text).join(' '),
    startMs: words[0]![1],
    endMs: words.at(-1)![2],
    words: words.map(([text, startMs, endMs]) => ({ text, startMs, endMs, confidence: 0.8 })),
  };
}

/** A session in `stopping` with the recording and finals given, as the audio endpoint leaves it. */
function stoppedSession(recording: Buffer | undefined, finals: CaptionJson[], title = 'Keynote', createdBy = userId, lm?: LmModeJson): string {
  const session = store.create({ projectId, title, createdBy, model, sampleRate: RATE, ...(lm && { lm }) });
  mkdirSync(liveRecordingDir(liveRecordingRoot(context.config)), { recursive: true });
  if (recording !== undefined) writeFileSync(liveRecordingPath(liveRecordingRoot(context.config), session.id), recording);
  store.setReceivedSamples(session.id, (recording?.length ?? 0) / 2);
  for (const final of finals) store.appendFinal(session.id, final);
  expect(store.transition(session.id, 'live', 'stopping')).toBe(true);
  return session.id;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-live-finish-'));
  const config = { dataDir: join(dir, 'data'), modelDir: TEST_BUNDLE, uploadLimitBytes: 1024 ** 3 } as ServerConfig;
  context = createServerContext(config, { logger: { info: () => {}, warn: () => {}, error: () => {} } });
  const installed = await seedBundledModel(context.models, TEST_BUNDLE);
  model = { id: installed.model.id, version: installed.model.version, sha256: installed.model.sha256 };
  const user = await context.accounts.createUser({ email: 'op@example.org', password: 'operator password 1', displayName: 'Op', isAdmin: false });
  userId = user.id;
  projectId = context.projects.createProject('Conference', userId).id;
  store = new LiveSessionStore(context.db);
  const fixtures = join(TEST_BUNDLE, 'fixtures');
  const samples = (await Promise.all(['utt0.wav', 'utt1.wav', 'utt2.wav'].map((f) => decodeAudioFile(join(fixtures, f), { sampleRate: RATE })))).flatMap((s) => [...s]);
  pcm = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => pcm.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(s * 32768))), i * 2));
}, 60_000);

afterAll(() => {
  context?.dispose();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('finishLiveSession', () => {
  it('stores the recording as media and the finals as a transcript on its clock, queues the re-transcription, and ends the session', async () => {
    const finals = [caption(0, [['do', 120, 260], ['not', 300, 520], ['seek', 560, 800]]), caption(1, [['death', 820, 1090]]), caption(2, [['Verbatim Inc.', 1200, 1900]])];
    const id = stoppedSession(pcm, finals);
    const session = await finishLiveSession(context, id, { retranscribe: true });
    expect(session).toMatchObject({ state: 'ended', error: null });
    expect(session.endedAt).not.toBeNull();

    const media = new MediaStore(context.db, { dataDir: context.config.dataDir }).get(session.mediaId!)!;
    expect(media).toMatchObject({ projectId, format: 'wav', sampleRate: RATE, channels: 1, createdBy: userId, originalName: 'Keynote.wav' });
    expect(media.durationSeconds).toBeCloseTo(pcm.length / 2 / RATE, 3);
    expect(existsSync(join(context.config.dataDir, 'media', media.peaksPath!))).toBe(true);
    // the stored blob is the recording, sample for sample, behind a WAV header
    expect(readFileSync(new MediaStore(context.db, { dataDir: context.config.dataDir }).blobPath(media.sha256)).subarray(44).equals(pcm)).toBe(true);

    const transcripts = new TranscriptStore(context.db);
    const record = transcripts.get(session.transcriptId!)!;
    expect(record).toMatchObject({ projectId, mediaId: media.id, model });
    const segments = readTranscriptTurns(new DocumentStore(context.db).load(record.id));
    // the three finals follow each other without a pause: one paragraph, as an upload's transcript would have
    expect(segments.map((s) => s.words.map((w) => [w.text, w.start, w.end]))).toEqual([
      [
        ['do', 0.12, 0.26],
        ['not', 0.3, 0.52],
        ['seek', 0.56, 0.8],
        ['death', 0.82, 1.09],
        // a display form with a space becomes two words over its time
        ['Verbatim', 1.2, 1.55],
        ['Inc.', 1.55, 1.9],
      ],
    ]);

    const job = context.queue.get(session.retranscribeJobId!)!;
    expect(job.kind).toBe(RETRANSCRIBE_JOB_KIND);
    expect(job.payload as RetranscribeJobPayloadJson).toEqual({ transcriptId: record.id, model: `${model.id}@${model.version}`, lm: 'base', requestedBy: userId });
    expect(existsSync(liveRecordingPath(liveRecordingRoot(context.config), id))).toBe(false);

    // once ended, finishing again changes nothing
    expect(await finishLiveSession(context, id, { retranscribe: true })).toEqual(session);
  }, 60_000);

  it("re-transcribes with the word LM mode the session's captions used", async () => {
    for (const lm of ['off', 'adapted'] as const) {
      const session = await finishLiveSession(context, stoppedSession(pcm, [caption(0, [['do', 100, 200]])], `LM ${lm}`, userId, lm), { retranscribe: true });
      expect((context.queue.get(session.retranscribeJobId!)!.payload as RetranscribeJobPayloadJson).lm).toBe(lm);
    }
  }, 60_000);

  it('starts a new paragraph of the transcript at a pause between finals, as uploads do', async () => {
    const finals = [caption(0, [['do', 100, 300], ['not', 320, 500]]), caption(1, [['seek', 600, 900]]), caption(2, [['death', 2500, 2900]])];
    const session = await finishLiveSession(context, stoppedSession(pcm, finals, 'Paused'), { retranscribe: false });
    const segments = readTranscriptTurns(new DocumentStore(context.db).load(session.transcriptId!));
    expect(segments.map((s) => s.words.map((w) => w.text))).toEqual([['do', 'not', 'seek'], ['death']]);
  }, 60_000);

  it('a session stopped without retranscribe queues nothing; media already stored from the same recording is reused (a re-run after a crash)', async () => {
    const first = await finishLiveSession(context, stoppedSession(pcm, [caption(0, [['do', 100, 200]])], 'Again'), { retranscribe: false });
    const jobs = context.queue.list({ projectId }).jobs.length;
    const second = await finishLiveSession(context, stoppedSession(pcm, [caption(0, [['do', 100, 200]])], 'Again'), { retranscribe: false });
    expect(second.state).toBe('ended');
    expect(second.retranscribeJobId).toBeNull();
    expect(second.mediaId).toBe(first.mediaId);
    expect(second.transcriptId).not.toBe(first.transcriptId);
    expect(context.queue.list({ projectId }).jobs.length).toBe(jobs);
  }, 60_000);

  it("a session whose operator's account was deleted is still stored: media with no uploader, and its transcript", async () => {
    const gone = await context.accounts.createUser({ email: 'gone@example.org', password: 'operator password 2', displayName: 'Gone', isAdmin: false });
    const id = stoppedSession(pcm.subarray(0, 64000), [caption(0, [['do', 100, 300], ['not', 320, 500]])], 'Orphaned', gone.id);
    context.db.prepare('DELETE FROM users WHERE id = ?').run(gone.id);
    expect(store.get(id)!.createdBy).toBeNull();
    const session = await finishLiveSession(context, id, { retranscribe: true });
    expect(session).toMatchObject({ state: 'ended', error: null });
    expect(new MediaStore(context.db, { dataDir: context.config.dataDir }).get(session.mediaId!)).toMatchObject({ createdBy: null, originalName: 'Orphaned.wav' });
    const segments = readTranscriptTurns(new DocumentStore(context.db).load(session.transcriptId!));
    expect(segments.flatMap((s) => s.words.map((w) => w.text))).toEqual(['do', 'not']);
    // the re-transcription is queued without a requester
    expect(context.queue.get(session.retranscribeJobId!)!.payload as RetranscribeJobPayloadJson).not.toHaveProperty('requestedBy');
    expect(existsSync(liveRecordingPath(liveRecordingRoot(context.config), id))).toBe(false);
  }, 60_000);

  it('a recording the upload checks refuse fails the session with the reason and keeps the recording', async () => {
    const noise = Buffer.alloc(RATE * 2 * 2);
    const id = stoppedSession(noise, []);
    const strict = { ...context, config: { ...context.config, maxDurationSeconds: 1 } };
    const failed = await finishLiveSession(strict, id, { retranscribe: false });
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/Storing the recording and transcript failed: .*accepts recordings of up to 1 s/);
    expect(failed.mediaId).toBeNull();
    expect(existsSync(liveRecordingPath(liveRecordingRoot(context.config), id))).toBe(true);
    expect(existsSync(`${liveRecordingPath(liveRecordingRoot(context.config), id)}.wav`)).toBe(false);
  }, 60_000);

  it('a session that never received audio just ends; a live one is refused; start-up finishes those left stopping', async () => {
    const silent = await finishLiveSession(context, stoppedSession(undefined, []), { retranscribe: true });
    expect(silent).toMatchObject({ state: 'ended', mediaId: null, transcriptId: null, retranscribeJobId: null });
    // a source connected and sent nothing: an empty recording is the same
    const emptyId = stoppedSession(Buffer.alloc(0), []);
    expect(await finishLiveSession(context, emptyId, { retranscribe: false })).toMatchObject({ state: 'ended', mediaId: null, error: null });
    expect(existsSync(liveRecordingPath(liveRecordingRoot(context.config), emptyId))).toBe(false);
    const live = store.create({ projectId, title: 'Live', createdBy: userId, model, sampleRate: RATE });
    await expect(finishLiveSession(context, live.id, { retranscribe: false })).rejects.toThrow(/is live: stop it before finishing it/);
    const left = [stoppedSession(pcm.subarray(0, 32000), [caption(0, [['seek', 0, 300]])], 'Crash 1'), stoppedSession(pcm.subarray(0, 32002), [], 'Crash 2')];
    const finished = await finishStoppingLiveSessions(context);
    expect(finished.map((s) => [s.id, s.state])).toEqual(left.map((id) => [id, 'ended']));
    expect(store.listInState('stopping')).toEqual([]);
  }, 60_000);
});
