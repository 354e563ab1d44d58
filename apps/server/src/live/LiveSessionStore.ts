import { randomUUID } from 'node:crypto';
import { PostgresDatabase } from '../db/postgres/PostgresDatabase.ts';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { PluginProvenance } from '@verbatim/core';
import type { CaptionJson, CaptionWordJson, LiveSessionStateJson, LmModeJson, ModelIdentityJson } from '@verbatim/core/api';
import type { PluginChange } from '../plugins/PluginChangeStore.ts';
import type { LiveSession } from './LiveSession.ts';
import { LIVE_RELAY_CHANNEL } from './relay/liveRelayChannel.ts';

/** What {@link LiveSessionStore.create} records. */
export interface NewLiveSession {
  readonly projectId: string;
  readonly title: string;
  readonly createdBy: string;
  readonly model: ModelIdentityJson;
  readonly sampleRate: number;
  /** The word LM mode of its captions (the route resolves it; omitted: stored as NULL, the model's default). */
  readonly lm?: LmModeJson | undefined;
}

/**
 * How a final caption came to be when plugins touched it: the recogniser's own words (what the transcript keeps as
 * its original words), the plugins whose vocabularies decoded it or whose post-processors ran over it, and what those
 * post-processors changed (word indexes within this final, as the plugin host records them).
 */
export interface LiveFinalProvenance {
  readonly words: readonly CaptionWordJson[];
  readonly plugins: readonly PluginProvenance[];
  readonly changes: readonly PluginChange[];
}

/** A stored final caption and, when plugins touched it, its {@link LiveFinalProvenance}. */
export interface StoredLiveFinal {
  readonly caption: CaptionJson;
  readonly provenance?: LiveFinalProvenance;
}

interface LiveSessionRow {
  id: string;
  project_id: string;
  title: string;
  state: LiveSessionStateJson;
  created_by: string | null;
  created_at: number;
  ended_at: number | null;
  model_id: string;
  model_version: string;
  model_sha256: string;
  sample_rate: number;
  lm: LmModeJson | null;
  received_samples: number;
  finals: number;
  viewer_token_hash: string | null;
  viewer_created_at: number | null;
  media_id: string | null;
  transcript_id: string | null;
  retranscribe_job_id: string | null;
  error: string | null;
  owner_id?: string | null;
  owner_expires_at?: number | null;
}

/**
 * Live sessions (`live_sessions`) and their final captions (`live_finals`). A final is stored the moment it becomes
 * final, together with the session's count, so the captions of a session survive a crash; the audio endpoint records
 * how much audio it received, and finishing a session records what was made of it. On PostgreSQL each final is
 * announced to every server process (`NOTIFY verbatim_live, '<sessionId> <seq>'`, see `PostgresLiveRelay`) in the
 * transaction that stores it; with several processes, the one holding a session keeps a lease on it ({@link claim}).
 *
 * @example
 * const session = store.create({ projectId, title: 'Keynote', createdBy: userId, model, sampleRate: 16000 });
 * store.appendFinal(session.id, caption);
 * store.setFinished(session.id, { mediaId, transcriptId, retranscribeJobId: null });
 */
export class LiveSessionStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(db: SqlDatabase, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  /** Records a new session in state `live`, with no audio yet. */
  create(input: NewLiveSession): LiveSession {
    const id = randomUUID();
    this.#db
      .prepare(
        `INSERT INTO live_sessions (id, project_id, title, state, created_by, created_at, model_id, model_version, model_sha256, sample_rate, lm)
         VALUES (?, ?, ?, 'live', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.projectId, input.title, input.createdBy, this.#now(), input.model.id, input.model.version, input.model.sha256, input.sampleRate, input.lm ?? null);
    return this.get(id)!;
  }

  get(id: string): LiveSession | undefined {
    const row = this.#db.prepare<[string], LiveSessionRow>('SELECT * FROM live_sessions WHERE id = ?').get(id);
    return row === undefined ? undefined : toSession(row);
  }

  /** A project's sessions, newest first. */
  list(projectId: string): LiveSession[] {
    return this.#db
      .prepare<[string], LiveSessionRow>('SELECT * FROM live_sessions WHERE project_id = ? ORDER BY created_at DESC, rowid DESC')
      .all(projectId)
      .map(toSession);
  }

  /** Every session in `state` (e.g. those left `stopping` by a crash), oldest first. */
  listInState(state: LiveSessionStateJson): LiveSession[] {
    return this.#db.prepare<[string], LiveSessionRow>('SELECT * FROM live_sessions WHERE state = ? ORDER BY created_at, rowid').all(state).map(toSession);
  }

  /** Moves a session to `state`; `ended`/`failed` also set `ended_at` (once). Returns false for an unknown id. */
  setState(id: string, state: LiveSessionStateJson): boolean {
    const ends = state === 'ended' || state === 'failed';
    return this.#db.prepare('UPDATE live_sessions SET state = ?, ended_at = CASE WHEN ? THEN COALESCE(ended_at, ?) ELSE ended_at END WHERE id = ?').run(state, ends ? 1 : 0, this.#now(), id).changes > 0;
  }

  /**
   * Moves a session from one state to another only when it is in `from` now (e.g. `live` → `stopping`, so two stops
   * at once do not both finish it). Returns whether it moved.
   */
  transition(id: string, from: LiveSessionStateJson, to: LiveSessionStateJson): boolean {
    return this.#db.prepare('UPDATE live_sessions SET state = ? WHERE id = ? AND state = ?').run(to, id, from).changes > 0;
  }

  /** Records how much audio the session's recording holds. */
  setReceivedSamples(id: string, samples: number): void {
    this.#db.prepare('UPDATE live_sessions SET received_samples = ? WHERE id = ?').run(samples, id);
  }

  /**
   * Stores a final caption (its `seq` must be the session's next: finals are numbered 0, 1, 2… and never change) and
   * counts it, with its provenance when plugins touched it. Throws when `seq` is taken or out of order.
   */
  appendFinal(id: string, caption: CaptionJson, provenance?: LiveFinalProvenance): void {
    if (!caption.final) throw new RangeError('Only final captions are stored.');
    this.#db
      .transaction(() => {
        const moved = this.#db.prepare('UPDATE live_sessions SET finals = finals + 1 WHERE id = ? AND finals = ?').run(id, caption.seq).changes;
        if (moved === 0) throw new RangeError(`Final ${caption.seq} of live session ${id} is not its next final.`);
        this.#db
          .prepare('INSERT INTO live_finals (session_id, seq, caption_json, provenance_json) VALUES (?, ?, ?, ?)')
          .run(id, caption.seq, JSON.stringify(caption), provenance === undefined ? null : JSON.stringify(provenance));
        if (this.#db instanceof PostgresDatabase) this.#db.execRaw('SELECT pg_notify($1, $2)', [LIVE_RELAY_CHANNEL, `${id} ${caption.seq}`]);
      })
      .immediate();
  }

  /** Every final caption of a session, in order, each with its provenance when plugins touched it. */
  listFinalRecords(id: string): StoredLiveFinal[] {
    return this.#db
      .prepare<[string], { caption_json: string; provenance_json: string | null }>('SELECT caption_json, provenance_json FROM live_finals WHERE session_id = ? ORDER BY seq')
      .all(id)
      .map((row) => {
        const caption = JSON.parse(row.caption_json) as CaptionJson;
        return row.provenance_json === null ? { caption } : { caption, provenance: JSON.parse(row.provenance_json) as LiveFinalProvenance };
      });
  }

  /** Every final caption of a session, in order. */
  listFinals(id: string): CaptionJson[] {
    return this.#db
      .prepare<[string], { caption_json: string }>('SELECT caption_json FROM live_finals WHERE session_id = ? ORDER BY seq')
      .all(id)
      .map((row) => JSON.parse(row.caption_json) as CaptionJson);
  }

  /** The last `n` final captions of a session, in order. */
  recentFinals(id: string, n: number): CaptionJson[] {
    return this.#db
      .prepare<[string, number], { caption_json: string }>('SELECT caption_json FROM (SELECT seq, caption_json FROM live_finals WHERE session_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq')
      .all(id, Math.max(0, Math.floor(n)))
      .map((row) => JSON.parse(row.caption_json) as CaptionJson);
  }

  /** The final captions of a session after `seq` (all of them for -1), in order. */
  finalsAfter(id: string, seq: number): CaptionJson[] {
    return this.#db
      .prepare<[string, number], { caption_json: string }>('SELECT caption_json FROM live_finals WHERE session_id = ? AND seq > ? ORDER BY seq')
      .all(id, seq)
      .map((row) => JSON.parse(row.caption_json) as CaptionJson);
  }

  /**
   * Takes the session for the server process `ownerId` until `expiresAt` when no process holds it, the lease of the
   * one that did has run out (it died), or `ownerId` holds it already. Returns whether `ownerId` holds it now.
   */
  claim(id: string, ownerId: string, expiresAt: number): boolean {
    return (
      this.#db
        .prepare('UPDATE live_sessions SET owner_id = ?, owner_expires_at = ? WHERE id = ? AND (owner_id IS NULL OR owner_id = ? OR owner_expires_at < ?)')
        .run(ownerId, expiresAt, id, ownerId, this.#now()).changes > 0
    );
  }

  /**
   * Extends the lease of the sessions `ownerId` still holds. Of the others, `ended` are those that ended or failed
   * (which frees them) and `lost` those taken by another process or deleted.
   */
  renew(ownerId: string, ids: readonly string[], expiresAt: number): { lost: string[]; ended: string[] } {
    const lost: string[] = [];
    const ended: string[] = [];
    const renew = this.#db.prepare('UPDATE live_sessions SET owner_expires_at = ? WHERE id = ? AND owner_id = ?');
    const state = this.#db.prepare<[string], { state: LiveSessionStateJson }>('SELECT state FROM live_sessions WHERE id = ?');
    for (const id of ids) {
      if (renew.run(expiresAt, id, ownerId).changes > 0) continue;
      const now = state.get(id)?.state;
      (now === 'ended' || now === 'failed' ? ended : lost).push(id);
    }
    return { lost, ended };
  }

  /** Gives a session up, if `ownerId` holds it. */
  release(id: string, ownerId: string): void {
    this.#db.prepare('UPDATE live_sessions SET owner_id = NULL, owner_expires_at = NULL WHERE id = ? AND owner_id = ?').run(id, ownerId);
  }

  /** Which process holds the session and until when (`undefined` when none does or the session is gone). */
  holder(id: string): { ownerId: string; expiresAt: number } | undefined {
    const row = this.#db.prepare<[string], { owner_id: string | null; owner_expires_at: number | null }>('SELECT owner_id, owner_expires_at FROM live_sessions WHERE id = ?').get(id);
    return row === undefined || row.owner_id === null ? undefined : { ownerId: row.owner_id, expiresAt: row.owner_expires_at ?? 0 };
  }

  /**
   * Sessions no living process looks after, oldest first: those left `stopping` by no one, and those `live` or
   * `stopping` whose holder's lease ran out (the process died while capturing or finishing them).
   */
  listAbandoned(): LiveSession[] {
    return this.#db
      .prepare<[number], LiveSessionRow>(
        `SELECT * FROM live_sessions WHERE (state = 'stopping' AND owner_id IS NULL) OR (state IN ('live', 'stopping') AND owner_id IS NOT NULL AND owner_expires_at < ?) ORDER BY created_at, rowid`,
      )
      .all(this.#now())
      .map(toSession);
  }

  /** Sets (a new link) or clears (revoked) the viewer link's token hash. */
  setViewerToken(id: string, hash: string | null, createdAt: number | null): void {
    this.#db.prepare('UPDATE live_sessions SET viewer_token_hash = ?, viewer_created_at = ? WHERE id = ?').run(hash, hash === null ? null : createdAt, id);
  }

  /** The session whose active viewer link has this token hash. */
  findByViewerTokenHash(hash: string): LiveSession | undefined {
    const row = this.#db.prepare<[string], LiveSessionRow>('SELECT * FROM live_sessions WHERE viewer_token_hash = ?').get(hash);
    return row === undefined ? undefined : toSession(row);
  }

  /**
   * The session ended: what was made of it, state `ended`, `ended_at` (kept if set), no error, and no process holds it
   * any more (in the same statement, so no one reads it ended and still held).
   */
  setFinished(id: string, made: { mediaId: string; transcriptId: string; retranscribeJobId: string | null }): void {
    this.#db
      .prepare(
        `UPDATE live_sessions SET state = 'ended', ended_at = COALESCE(ended_at, ?), media_id = ?, transcript_id = ?, retranscribe_job_id = ?, error = NULL, owner_id = NULL, owner_expires_at = NULL WHERE id = ?`,
      )
      .run(this.#now(), made.mediaId, made.transcriptId, made.retranscribeJobId, id);
  }

  /** Finishing the session failed: state `failed` with why, and no process holds it any more. */
  setFailed(id: string, error: string): void {
    this.#db
      .prepare(`UPDATE live_sessions SET state = 'failed', ended_at = COALESCE(ended_at, ?), error = ?, owner_id = NULL, owner_expires_at = NULL WHERE id = ?`)
      .run(this.#now(), error, id);
  }
}

function toSession(row: LiveSessionRow): LiveSession {
  return {
    id: row.id,
    projectId: row.project_id,
    title: row.title,
    state: row.state,
    createdBy: row.created_by,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    model: { id: row.model_id, version: row.model_version, sha256: row.model_sha256 },
    sampleRate: row.sample_rate,
    lm: row.lm ?? null,
    receivedSamples: row.received_samples,
    finals: row.finals,
    viewerTokenHash: row.viewer_token_hash,
    viewerCreatedAt: row.viewer_created_at,
    mediaId: row.media_id,
    transcriptId: row.transcript_id,
    retranscribeJobId: row.retranscribe_job_id,
    error: row.error,
  };
}
