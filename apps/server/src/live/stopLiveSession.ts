import type { AppDeps } from '../http/AppDeps.ts';
import { HttpError } from '../http/HttpError.ts';
import { finishLiveSession } from './finish/finishLiveSession.ts';
import type { LiveSession } from './LiveSession.ts';
import type { LiveSessionStore } from './LiveSessionStore.ts';

/**
 * Stops a live session: `live` → `stopping` (only one stop wins), the audio endpoint closes its source and turns what
 * is pending into stored finals, then the session is finished (recording → media, finals → transcript, state `ended`
 * or `failed`) and its viewers are told it `ended`. Resolves with the session as it is then.
 *
 * @throws {HttpError} 409 `session-not-live` when the session is not live.
 */
export async function stopLiveSession(deps: AppDeps, store: LiveSessionStore, sessionId: string, options: { retranscribe: boolean }): Promise<LiveSession> {
  if (!store.transition(sessionId, 'live', 'stopping')) {
    const state = store.get(sessionId)?.state ?? 'gone';
    throw new HttpError(409, 'session-not-live', `This live session is ${state}: only a live session can be stopped.`);
  }
  try {
    await deps.liveAudio?.stop(sessionId);
  } catch (error) {
    // the finals stored so far and the recording on disk are still what finishing works from
    deps.logger?.error({ sessionId, err: String(error) }, 'could not drain a live session\'s recogniser; finishing it with the finals stored so far');
  }
  try {
    await finishLiveSession(deps, sessionId, { retranscribe: options.retranscribe });
  } catch (error) {
    deps.logger?.error({ sessionId, err: String(error) }, 'could not finish a live session');
    store.setFailed(sessionId, `Finishing the session failed: ${(error as Error).message}`);
  } finally {
    // the source and the viewers are told whatever finishing made of it (a source is then closed with 4410)
    deps.liveHub?.publish(sessionId, { type: 'ended', transcriptId: store.get(sessionId)?.transcriptId ?? null });
  }
  return store.get(sessionId)!;
}
