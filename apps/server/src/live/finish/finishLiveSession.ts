import { existsSync, openAsBlob, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { RetranscribeJobPayloadJson } from '@verbatim/core/api';
import type { AppDeps } from '../../http/AppDeps.ts';
import { MediaAnalyzer } from '../../media/MediaAnalyzer.ts';
import { DEFAULT_MEDIA_LIMITS } from '../../media/MediaLimits.ts';
import { blobStoreFor } from '../../media/blobs/blobStoreFor.ts';
import { MediaStore, type MediaRecord } from '../../media/MediaStore.ts';
import { receiveUploads } from '../../media/receiveUploads.ts';
import { RETRANSCRIBE_JOB_KIND } from '../../models/rerun/retranscribeJobPayload.ts';
import { PluginChangeStore } from '../../plugins/PluginChangeStore.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import type { LiveSession } from '../LiveSession.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';
import { liveRecordingPath, liveRecordingRoot } from '../liveRecordingPath.ts';
import { liveTranscriptWords } from './liveTranscriptWords.ts';
import { writeRecordingWav } from './writeRecordingWav.ts';

/** What finishing a live session uses of the server (the app's deps satisfy it). */
export type FinishLiveSessionDeps = Pick<AppDeps, 'db' | 'config' | 'queue' | 'models' | 'now' | 'logger'>;

/** Options of {@link finishLiveSession}. */
export interface FinishLiveSessionOptions {
  /** Also queue the offline re-transcription of the recording (beam search, with the model's word LM when it has one). */
  readonly retranscribe: boolean;
}

/**
 * Turns a stopped live session (state `stopping`, its source closed and its last finals stored) into normal project
 * content: the raw recording (`<dataDir>/live/<id>.pcm`, see `liveRecordingRoot`) becomes a WAV stored as the project's media by the path
 * uploads take (`receiveUploads`: content check, duration and waveform peaks, content-addressed blob), its final
 * captions a transcript with the session's model as provenance and word times on the recording's clock (made as a
 * job's: the plugins' words, the recogniser's own as its original words, the plugins that touched them), and with
 * `retranscribe` a `retranscribe` job for that transcript (the session's model, with the word LM mode its captions
 * used; for a session from before that choice, `base` when the model has an LM);
 * the session becomes `ended` with what was made. A failure makes it `failed` with the reason and keeps the
 * recording. Idempotent: a session already `ended` is returned as it is, and re-running after a crash reuses the
 * media already stored from the same recording (same bytes, same blob), so start-up can finish sessions a crash
 * left `stopping` (see {@link finishStoppingLiveSessions}).
 *
 * @example
 * if (store.transition(id, 'live', 'stopping')) await finishLiveSession(deps, id, { retranscribe: true });
 */
export async function finishLiveSession(deps: FinishLiveSessionDeps, sessionId: string, options: FinishLiveSessionOptions): Promise<LiveSession> {
  const store = new LiveSessionStore(deps.db, { ...(deps.now && { now: deps.now }) });
  const session = store.get(sessionId);
  if (session === undefined) throw new RangeError(`There is no live session ${sessionId}.`);
  if (session.state === 'ended' || session.state === 'failed') return session;
  if (session.state !== 'stopping') throw new RangeError(`The live session ${sessionId} is ${session.state}: stop it before finishing it.`);
  const pcmPath = liveRecordingPath(liveRecordingRoot(deps.config), sessionId);
  const wavPath = `${pcmPath}.wav`;
  try {
    const recorded = existsSync(pcmPath) ? statSync(pcmPath).size : undefined;
    // no audio ever arrived (a source may have connected and sent none): nothing to store, and nothing went wrong
    if ((recorded ?? 0) < 2 && session.finals === 0) {
      store.setState(sessionId, 'ended');
      await rm(pcmPath, { force: true });
      return store.get(sessionId)!;
    }
    if (recorded === undefined) throw new Error(`The recording ${pcmPath} is missing, so no media or transcript could be made of this session.`);
    const media = await storeRecording(deps, session, pcmPath, wavPath);
    const words = liveTranscriptWords(store.listFinalRecords(sessionId), media.durationSeconds);
    const model = deps.models === undefined || !options.retranscribe ? undefined : await deps.models.store.get(`${session.model.id}@${session.model.version}`);
    const transcripts = new TranscriptStore(deps.db, { ...(deps.now && { now: deps.now }) });
    // the transcript, the job and the session's record commit together: a crash leaves all or none of them
    deps.db.transaction(() => {
      // as a job's: the words as the plugins left them, the recogniser's own as the original words, which plugins
      // touched them and what their post-processors changed
      const transcript = transcripts.create({
        projectId: session.projectId,
        mediaId: media.id,
        model: session.model,
        segments: words.segments,
        ...(words.plugins.length > 0 && { originalSegments: words.originalSegments, plugins: words.plugins }),
      });
      if (words.changes.length > 0) new PluginChangeStore(deps.db).add(transcript.id, words.changes);
      let jobId: string | null = null;
      if (options.retranscribe) {
        const payload: RetranscribeJobPayloadJson = {
          transcriptId: transcript.id,
          // the session's model when it is still installed, else the project's default alias when the job runs
          ...(model !== undefined && { model: model.ref }),
          ...(model !== undefined && session.lm !== null && (session.lm === 'off' || model.hasLm) && { lm: session.lm }),
          ...(model?.hasLm === true && session.lm === null && { lm: 'base' as const }),
          ...(session.createdBy !== null && { requestedBy: session.createdBy }),
        };
        jobId = deps.queue.enqueue({ projectId: session.projectId, kind: RETRANSCRIBE_JOB_KIND, payload }).id;
      }
      store.setFinished(sessionId, { mediaId: media.id, transcriptId: transcript.id, retranscribeJobId: jobId });
    })();
    await rm(pcmPath, { force: true });
    deps.logger?.info({ sessionId, mediaId: media.id, segments: words.segments.length }, 'finished a live session: its recording and transcript are stored');
  } catch (error) {
    const message = (error as Error).message;
    deps.logger?.error({ sessionId, err: String(error) }, 'could not finish a live session; its recording is kept');
    store.setFailed(sessionId, `Storing the recording and transcript failed: ${message}`);
  } finally {
    await rm(wavPath, { force: true });
  }
  return store.get(sessionId)!;
}

/** Finishes every session a crash left `stopping` (no offline re-transcription: who asked for it is not known). Call at start-up. */
export async function finishStoppingLiveSessions(deps: FinishLiveSessionDeps): Promise<LiveSession[]> {
  const store = new LiveSessionStore(deps.db, { ...(deps.now && { now: deps.now }) });
  const finished: LiveSession[] = [];
  for (const session of store.listInState('stopping')) finished.push(await finishLiveSession(deps, session.id, { retranscribe: false }));
  return finished;
}

// The recording as the project's media, through the upload path (a multipart request of one "file" part read from
// disk as it is sent): the same checks, analysis and blob store as any upload. Media already stored from the same
// bytes (an earlier run of this finish that a crash cut short) is reused.
async function storeRecording(deps: FinishLiveSessionDeps, session: LiveSession, pcmPath: string, wavPath: string): Promise<MediaRecord> {
  const media = new MediaStore(deps.db, { dataDir: deps.config.dataDir, mediaDir: deps.config.mediaDir, blobs: blobStoreFor(deps.config), ...(deps.now && { now: deps.now }) });
  const { samples, sha256 } = await writeRecordingWav(pcmPath, wavPath, session.sampleRate);
  if (samples === 0) throw new Error('The recording holds no audio.');
  const existing = media.listForProject(session.projectId).find((record) => record.sha256 === sha256);
  if (existing !== undefined) return existing;
  const form = new FormData();
  form.append('file', await openAsBlob(wavPath, { type: 'audio/wav' }), `${session.title}.wav`);
  const analyzer = new MediaAnalyzer({
    limits: {
      maxDurationSeconds: deps.config.maxDurationSeconds ?? DEFAULT_MEDIA_LIMITS.maxDurationSeconds,
      maxExpansion: deps.config.maxExpansion ?? DEFAULT_MEDIA_LIMITS.maxExpansion,
    },
  });
  try {
    const [record] = await receiveUploads(new Request('http://live.invalid/upload', { method: 'POST', body: form }), {
      store: media,
      projectId: session.projectId,
      // the operator who started it is its uploader (none when that account was deleted since: the recording is kept)
      userId: session.createdBy,
      maxFileBytes: Number.MAX_SAFE_INTEGER,
      analyzer,
    });
    return record!;
  } finally {
    await analyzer.dispose();
  }
}
