import { statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { LIVE_CLOSE_CODES, LIVE_MAX_FRAME_BYTES } from '@verbatim/core/api';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AccountStore } from '../auth/AccountStore.ts';
import type { ContentRemover } from '../content/ContentRemover.ts';
import type { Logger } from '../http/Logger.ts';
import type { ModelRegistry } from '../models/ModelRegistry.ts';
import type { Disposable } from '../queue/Emitter.ts';
import { answer } from '../yjs/createYjsEndpoint.ts';
import { ActiveLiveSession } from './ActiveLiveSession.ts';
import { authorizeLiveUpgrade, LIVE_AUDIO_PATH, type LiveAuthDeps, type LiveUpgradeDecision } from './authorizeLiveUpgrade.ts';
import { DEFAULT_LIVE_SOURCE_LIMITS, handleLiveSource, type LiveSourceConnection, type LiveSourceLimits } from './handleLiveSource.ts';
import type { LiveAudio } from './LiveAudio.ts';
import type { Captioner } from './LiveCaptioning.ts';
import { LiveCaptioners } from './LiveCaptioners.ts';
import { liveDecoding, type LiveDecodingDeps } from './liveDecoding.ts';
import type { LiveHub } from './LiveHub.ts';
import { LiveRecording } from './LiveRecording.ts';
import { liveRecordingPath } from './liveRecordingPath.ts';
import type { LiveLeases } from './relay/LiveLeases.ts';
import { removeOrphanRecordings } from './removeOrphanRecordings.ts';
import type { LiveSession } from './LiveSession.ts';

/** Options of {@link createLiveEndpoint}. */
export interface LiveEndpointOptions extends LiveAuthDeps, LiveDecodingDeps {
  readonly hub: LiveHub;
  /**
   * Several web processes on one database: the sessions this process captures are held under a lease, and a source
   * of a session another living process holds is refused (4409). Without it (SQLite, one process) nothing is held.
   */
  readonly leases?: LiveLeases | undefined;
  /** Where recordings go (`<dataDir>/live/<sessionId>.pcm`; see `liveRecordingRoot`). */
  readonly dataDir: string;
  /** Where a session's model is found (by id, version and hash); without it sessions are recorded without captions. */
  readonly models?: Pick<ModelRegistry, 'store'> | undefined;
  /** Accounts: a disabled account then closes its sources at once. */
  readonly accounts?: AccountStore | undefined;
  /** Removals: a deleted project's live sessions then close their sources (4410) and lose their recordings at once. */
  readonly content?: Pick<ContentRemover, 'onDidRemoveContent'> | undefined;
  readonly logger?: Logger | undefined;
  /** Opens a model's captioner (default: `LiveCaptioner.open` of the bundle, one ONNX thread). */
  readonly openCaptioner?: (bundleDir: string) => Promise<Captioner>;
  /** Per-source limits (given fields replace {@link DEFAULT_LIVE_SOURCE_LIMITS}). */
  readonly limits?: Partial<LiveSourceLimits>;
  /** Every source's access is checked again this often (default 60 s), besides at once on account and member changes. */
  readonly reauthorizeIntervalMs?: number;
  /** Recordings are synced to disk this often (default 1000 ms). */
  readonly syncIntervalMs?: number;
  /**
   * A session whose source left and did not come back for this long is put to rest (default 60 s): what it had
   * pending becomes final, its recording is closed and its recogniser freed; a source that comes later resumes it.
   */
  readonly restAfterMs?: number;
  readonly now?: () => number;
}

/** The live audio endpoint: give it the HTTP server's `upgrade` events; the REST routes use it as {@link LiveAudio}. */
export interface LiveEndpoint extends LiveAudio {
  /** Authorises and upgrades `/live/:sessionId/audio`, or answers 401/403/404; false, touching nothing, for other paths. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Sources connected now. */
  readonly connectedSources: number;
  /** Closes every source (4503), syncs the recordings, stops the captioners and releases the sessions held here. */
  destroy(): Promise<void>;
}

interface OpenSource {
  readonly connection: LiveSourceConnection;
  readonly userId: string;
  readonly credentialId: string;
  readonly reauthorize: () => LiveUpgradeDecision;
}

/**
 * Serves `/live/<sessionId>/audio`, where one audio source per live session sends its audio (see `handleLiveSource`
 * for the protocol). A session is activated on this server at its first source: its recording is opened (continued
 * after a restart) and its model's captioner (one `LiveCaptioner` per model, loaded lazily, shared by every session of
 * that model) starts recognising with the project's vocabulary. A second source while one is connected is closed with
 * 4409; a session that is not live with 4410. Access is checked again when a member's role changes, a session or
 * token ends or an account changes, and every `reauthorizeIntervalMs`: a source whose caller may no longer send audio
 * is closed with 4403 at once. One source's bad input never touches another session.
 *
 * @example
 * const live = createLiveEndpoint({ db, sessions, tokens, projects, live: store, hub, dataDir, models });
 * server.on('upgrade', (request, socket, head) => {
 *   if (!yjs.handleUpgrade(request, socket, head) && !live.handleUpgrade(request, socket, head)) socket.destroy();
 * });
 */
export function createLiveEndpoint(options: LiveEndpointOptions): LiveEndpoint {
  const limits: LiveSourceLimits = { ...DEFAULT_LIVE_SOURCE_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  // frames up to LIVE_MAX_FRAME_BYTES are checked (4413 with a reason); ws cuts anything far larger (1009)
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIVE_MAX_FRAME_BYTES * 4, perMessageDeflate: false });
  const sources = new Map<string, OpenSource>();
  const actives = new Map<string, Promise<ActiveLiveSession>>();
  const captioners = new LiveCaptioners(options);
  const resting = new Map<string, NodeJS.Timeout>();
  /** Sessions being put to rest: a source that comes meanwhile waits until their last finals are stored. */
  const settling = new Map<string, Promise<void>>();
  let destroyed = false;
  const leases = options.leases;
  /** Sessions held here: a subscription keeps the hub listening to the other processes (their stop requests). */
  const held = new Map<string, () => void>();
  const hold = (sessionId: string): boolean => {
    if (leases === undefined) return true;
    if (!leases.claim(sessionId)) return false;
    if (!held.has(sessionId)) held.set(sessionId, options.hub.subscribe(sessionId, () => {}));
    return true;
  };
  const release = (sessionId: string) => {
    held.get(sessionId)?.();
    held.delete(sessionId);
    leases?.release(sessionId);
  };

  const activate = (session: LiveSession): Promise<ActiveLiveSession> => {
    let active = actives.get(session.id);
    if (active === undefined) {
      active = (async () => {
        await settling.get(session.id);
        const [captioner, decoding] = await Promise.all([captioners.forSession(session), liveDecoding(options, session.projectId)]);
        const recording = new LiveRecording(liveRecordingPath(options.dataDir, session.id), { ...(options.syncIntervalMs && { syncIntervalMs: options.syncIntervalMs }) });
        options.live.setReceivedSamples(session.id, recording.samples);
        return new ActiveLiveSession(session.id, {
          store: options.live,
          hub: options.hub,
          recording,
          sampleRate: session.sampleRate,
          captioner,
          decoding,
          lm: session.lm,
          logger: options.logger,
          // a captioner that could not open (or gave up) is tried again as audio comes in, not only at the next activation
          reopenCaptioner: () => captioners.forSession(session),
        });
      })();
      actives.set(session.id, active);
      active.catch(() => actives.delete(session.id));
    }
    return active;
  };

  const rest = async (sessionId: string) => {
    resting.delete(sessionId);
    const active = actives.get(sessionId);
    if (active === undefined || sources.has(sessionId)) return;
    actives.delete(sessionId);
    const settled = (async () => {
      try {
        await (await active).stop();
        // its recording is synced: a source may come back through any process now
        if (!sources.has(sessionId) && !actives.has(sessionId) && options.live.get(sessionId)?.state === 'live') release(sessionId);
        options.logger?.info({ sessionId }, 'put a live session whose source left to rest');
      } catch (error) {
        options.logger?.warn({ sessionId, err: String(error) }, 'could not put a live session to rest');
      }
    })();
    settling.set(sessionId, settled);
    await settled;
    if (settling.get(sessionId) === settled) settling.delete(sessionId);
  };

  // a deleted project takes its sessions' rows: their sources, recognisers and recordings go too
  const forgetDeleted = async () => {
    for (const [sessionId, active] of [...actives]) {
      if (options.live.get(sessionId) !== undefined) continue;
      actives.delete(sessionId);
      clearTimeout(resting.get(sessionId));
      resting.delete(sessionId);
      release(sessionId);
      await active.then((a) => a.close(), () => {});
    }
    const removed = removeOrphanRecordings(options.dataDir, options.live);
    if (removed > 0) options.logger?.info({ removed }, 'removed the recordings of deleted live sessions');
    // told last, when nothing of the session is left
    for (const [sessionId, open] of [...sources]) {
      if (options.live.get(sessionId) !== undefined) continue;
      sources.delete(sessionId);
      open.connection.close(LIVE_CLOSE_CODES.sessionEnded, 'This live session was deleted.');
    }
  };
  const recheck = (open: OpenSource) => {
    let decision: LiveUpgradeDecision;
    try {
      decision = open.reauthorize();
    } catch (error) {
      options.logger?.error({ sessionId: open.connection.sessionId, err: String(error) }, 'could not check a live audio source again; closing it');
      open.connection.close(1011, 'could not check access');
      return;
    }
    if (decision.ok) return;
    if (options.live.get(open.connection.sessionId) === undefined) {
      // not a change of access: the session went with its project
      void forgetDeleted().catch((error: unknown) => options.logger?.error({ err: String(error) }, 'could not remove the recordings of deleted live sessions'));
      return;
    }
    options.logger?.info({ sessionId: open.connection.sessionId, userId: open.userId, code: decision.code }, 'closed a live audio source whose access ended');
    open.connection.close(LIVE_CLOSE_CODES.accessRevoked, `Your access to this live session ended (${decision.code}).`);
  };
  const recheckWhere = (matches: (open: OpenSource) => boolean) => {
    for (const open of [...sources.values()]) if (matches(open)) recheck(open);
  };
  const subscriptions: Disposable[] = [
    ...(options.content === undefined ? [] : [options.content.onDidRemoveContent(() => void forgetDeleted().catch((error: unknown) => options.logger?.error({ err: String(error) }, 'could not remove the recordings of deleted live sessions')))]),
    options.projects.onDidChangeMember(({ userId }) => recheckWhere((open) => open.userId === userId)),
    options.sessions.onDidEndSessions(({ sessionId, userId }) => recheckWhere((open) => open.credentialId === sessionId || open.userId === userId)),
    options.tokens.onDidRevokeToken(({ tokenId }) => recheckWhere((open) => open.credentialId === tokenId)),
    ...(options.accounts === undefined ? [] : [options.accounts.onDidChangeAccount(({ userId }) => recheckWhere((open) => open.userId === userId))]),
  ];
  // sessions deleted while the server was down
  removeOrphanRecordings(options.dataDir, options.live);
  const sweep = setInterval(() => recheckWhere(() => true), options.reauthorizeIntervalMs ?? 60_000);
  sweep.unref();

  const connect = (ws: WebSocket, decision: LiveUpgradeDecision & { ok: true }, reauthorize: () => LiveUpgradeDecision) => {
    const { session, principal } = decision;
    if (destroyed) {
      ws.close(LIVE_CLOSE_CODES.serverClosing, 'The server is shutting down; reconnect later.');
      return;
    }
    const current = options.live.get(session.id);
    if (current?.state !== 'live') {
      ws.close(LIVE_CLOSE_CODES.sessionEnded, `This live session is ${current?.state ?? 'gone'}: it takes no more audio.`);
      return;
    }
    const existing = sources.get(session.id);
    if (existing !== undefined) {
      if (now() - existing.connection.lastHeardAt <= limits.staleAfterMs) {
        ws.close(LIVE_CLOSE_CODES.sourceConnected, 'Another audio source is connected to this live session; only one may send at a time.');
        return;
      }
      // silent for longer than a live source ever is: most likely the same source, cut off without a close
      options.logger?.info({ sessionId: session.id, silentMs: now() - existing.connection.lastHeardAt }, 'a new audio source took over from a silent one');
      sources.delete(session.id);
      existing.connection.close(LIVE_CLOSE_CODES.sourceConnected, 'Another audio source took over: this one had gone silent.');
    } else if (!hold(session.id)) {
      ws.close(LIVE_CLOSE_CODES.sourceConnected, 'Another audio source is connected to this live session through another server; only one may send at a time.');
      return;
    } else if (leases !== undefined && current.receivedSamples * 2 > (statSync(liveRecordingPath(options.dataDir, session.id), { throwIfNoEntry: false })?.size ?? 0)) {
      // several processes without a shared media directory: resuming here would start the recording and clock again
      release(session.id);
      ws.close(LIVE_CLOSE_CODES.sourceConnected, "This session's recording so far is on another server, not reachable from this one: connect through that server.");
      return;
    }
    clearTimeout(resting.get(session.id));
    resting.delete(session.id);
    const connection = handleLiveSource(ws, {
      session,
      activate: () => activate(session),
      isLive: () => options.live.get(session.id)?.state === 'live',
      hub: options.hub,
      limits,
      now,
      logger: options.logger,
    });
    const open: OpenSource = { connection, userId: principal.userId, credentialId: principal.credentialId, reauthorize };
    sources.set(session.id, open);
    ws.once('close', () => {
      if (sources.get(session.id) === open) sources.delete(session.id);
      // what the recording holds is the session's clock: record it for the REST answers and a resume after a restart
      void actives.get(session.id)?.then((active) => options.live.setReceivedSamples(session.id, active.receivedSamples), () => {});
      if (destroyed || sources.has(session.id)) return;
      if (!actives.has(session.id)) {
        // a source that never started leaves nothing here (a session being stopped stays held until it is finished)
        if (options.live.get(session.id)?.state === 'live') release(session.id);
        return;
      }
      // an abandoned session must not hold its recording and recogniser for ever
      const timer = setTimeout(() => void rest(session.id), options.restAfterMs ?? 60_000);
      timer.unref();
      resting.set(session.id, timer);
    });
  };

  return {
    handleUpgrade(request, socket, head) {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (!LIVE_AUDIO_PATH.test(path)) return false;
      if (destroyed) {
        answer(socket, 503, 'shutting-down', 'The server is shutting down.');
        return true;
      }
      let decision: LiveUpgradeDecision;
      try {
        decision = authorizeLiveUpgrade(request, options);
      } catch (error) {
        options.logger?.error({ err: String(error) }, 'could not authorise a live audio upgrade');
        answer(socket, 500, 'internal', 'The server could not open this live session.');
        return true;
      }
      if (!decision.ok) {
        answer(socket, decision.status, decision.code, decision.message);
        return true;
      }
      const ok = decision;
      // the same address and headers decided again later, when something about them may have changed
      const snapshot = { url: request.url, headers: request.headers } as IncomingMessage;
      wss.handleUpgrade(request, socket, head, (ws) => connect(ws, ok, () => authorizeLiveUpgrade(snapshot, options)));
      return true;
    },
    get connectedSources() {
      return sources.size;
    },
    leases,
    isSourceConnected(sessionId) {
      return sources.has(sessionId);
    },
    async stop(sessionId) {
      clearTimeout(resting.get(sessionId));
      resting.delete(sessionId);
      // the source hears `ended` (then 4410) once the session is finished; the audio it still sends is ignored
      sources.get(sessionId)?.connection.stopping();
      sources.delete(sessionId);
      let active = actives.get(sessionId);
      // audio recorded before a crash or shutdown and never made final is recognised now, so the transcript has it
      const session = options.live.get(sessionId);
      // (the row's count may lag the file: a process that died recorded audio it never counted)
      if (active === undefined && session !== undefined && (statSync(liveRecordingPath(options.dataDir, sessionId), { throwIfNoEntry: false })?.size ?? 0) >= 2) {
        active = activate(session);
      }
      // the lease stays until the session is finished (by whoever stops it); other processes' stop requests are moot now
      held.get(sessionId)?.();
      held.delete(sessionId);
      if (active === undefined) return;
      try {
        await (await active).stop();
      } finally {
        actives.delete(sessionId);
      }
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      clearInterval(sweep);
      for (const timer of resting.values()) clearTimeout(timer);
      resting.clear();
      await Promise.all(settling.values());
      for (const subscription of subscriptions) subscription.dispose();
      for (const open of [...sources.values()]) open.connection.close(LIVE_CLOSE_CODES.serverClosing, 'The server is shutting down; reconnect later to resume.');
      sources.clear();
      for (const active of actives.values()) {
        try {
          (await active).close();
        } catch {
          // a session that never activated has nothing to close
        }
      }
      actives.clear();
      // the recordings are synced: the sources may resume through another process at once
      for (const sessionId of [...held.keys()]) release(sessionId);
      leases?.dispose();
      await captioners.dispose();
      wss.close();
    },
  };
}
