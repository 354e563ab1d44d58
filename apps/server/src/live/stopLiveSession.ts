import type { AppDeps } from '../http/AppDeps.ts';
import { HttpError } from '../http/HttpError.ts';
import { finishLiveSession } from './finish/finishLiveSession.ts';
import type { LiveSession } from './LiveSession.ts';
import type { LiveSessionStore } from './LiveSessionStore.ts';

/** What stopping a live session uses of the server (the app's deps satisfy it). */
export type StopLiveSessionDeps = Pick<AppDeps, 'db' | 'config' | 'queue' | 'models' | 'now' | 'logger' | 'liveAudio' | 'liveHub'>;

/**
 * Stops a live session: `live` → `stopping` (only one stop wins), the audio endpoint closes its source and turns what
 * is pending into stored finals, then the session is finished (recording → media, finals → transcript, state `ended`
 * or `failed`) and its viewers are told it `ended`. Resolves with the session as it is then.
 *
 * With several web processes, the process holding the session (capturing it) does that work: a stop made through
 * another process asks it to (`LiveHub.requestStop`) and waits for the session to end; should the holder die before
 * it does, its lease runs out and this process takes the session and finishes it itself.
 *
 * @throws {HttpError} 409 `session-not-live` when the session is not live.
 */
export async function stopLiveSession(deps: StopLiveSessionDeps, store: LiveSessionStore, sessionId: string, options: { retranscribe: boolean }): Promise<LiveSession> {
  const leases = deps.liveAudio?.leases;
  // taken here first, so no other process (a sweeper) finishes it meanwhile; held elsewhere: that process stops it
  const here = leases === undefined || leases.claim(sessionId);
  if (!store.transition(sessionId, 'live', 'stopping')) {
    if (here) leases?.release(sessionId);
    const state = store.get(sessionId)?.state ?? 'gone';
    throw new HttpError(409, 'session-not-live', `This live session is ${state}: only a live session can be stopped.`);
  }
  if (here) return finishStoppedLiveSession(deps, store, sessionId, options);
  return awaitStopElsewhere(deps, store, sessionId, options);
}

/**
 * Finishes a session this process holds that is `stopping`: drains its recogniser (when its audio is here), stores its
 * recording and transcript, tells its source and viewers (on every process) it `ended`, and releases it.
 */
export async function finishStoppedLiveSession(deps: StopLiveSessionDeps, store: LiveSessionStore, sessionId: string, options: { retranscribe: boolean }): Promise<LiveSession> {
  try {
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
  } finally {
    deps.liveAudio?.leases?.release(sessionId);
  }
  return store.get(sessionId)!;
}

// Another process holds the session: it is asked to stop it, and this waits until the session ended (its `ended`, or
// the state, checked every half lease in case the message was lost); a holder that died meanwhile leaves its lease to
// run out, and then this process takes the session and finishes it.
function awaitStopElsewhere(deps: StopLiveSessionDeps, store: LiveSessionStore, sessionId: string, options: { retranscribe: boolean }): Promise<LiveSession> {
  const leases = deps.liveAudio!.leases!;
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (run: () => Promise<LiveSession> | LiveSession) => {
      if (done) return;
      done = true;
      unsubscribe();
      clearInterval(check);
      Promise.resolve().then(run).then(resolve, reject);
    };
    const unsubscribe = deps.liveHub?.subscribe(sessionId, (message) => {
      if (message.type === 'ended') finish(() => store.get(sessionId)!);
    }) ?? (() => {});
    const check = setInterval(() => {
      const session = store.get(sessionId);
      if (session === undefined || session.state === 'ended' || session.state === 'failed') finish(() => session ?? Promise.reject(new HttpError(404, 'live-session-not-found', 'The live session was deleted while it stopped.')));
      else if (leases.claim(sessionId)) {
        deps.logger?.warn({ sessionId }, 'the server process holding a live session went away while stopping it; finishing it here');
        finish(() => finishStoppedLiveSession(deps, store, sessionId, options));
      }
    }, Math.max(50, leases.leaseMs / 2));
    deps.liveHub?.requestStop(sessionId, options.retranscribe);
  });
}
