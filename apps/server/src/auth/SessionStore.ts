import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { Emitter, type Event } from '../queue/Emitter.ts';
import { AuthError } from './AuthError.ts';
import { hashToken } from './hashToken.ts';
import type { Principal } from './Principal.ts';
import { randomToken } from './randomToken.ts';
import type { Session } from './Session.ts';
import { USER_COLUMNS, userFromRow, type User, type UserRow } from './User.ts';

const DAY = 24 * 60 * 60 * 1000;
// 32 random bytes in base64url; anything else is not one of our tokens and is not worth a query.
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Options for {@link SessionStore}. */
export interface SessionStoreOptions {
  /** Clock in milliseconds since the epoch; tests inject one. */
  readonly now?: () => number;
  /** A session unused for this long expires (default 7 days). Each use pushes expiry this far ahead. */
  readonly idleTimeoutMs?: number;
  /** No session outlives this, however active (default 30 days). */
  readonly maxLifetimeMs?: number;
  /** Uses closer together than this do not write to the database (default 60 s). */
  readonly touchIntervalMs?: number;
}

/** A new session and the token to put in the cookie; the token is not stored and cannot be shown again. */
export interface NewSession {
  readonly token: string;
  readonly session: Session;
}

/** A valid session with its (active) account and the principal to authorise requests with. */
export interface ActiveSession {
  readonly session: Session;
  readonly user: User;
  readonly principal: Principal;
}

interface SessionRow extends UserRow {
  session_id: string;
  session_created_at: number;
  expires_at: number;
  last_seen_at: number;
  csrf_secret: string;
}

/**
 * Cookie sessions over the `sessions` table, with sliding expiry capped by a maximum lifetime.
 *
 * @example
 * const { token } = sessions.create(user.id);        // Set-Cookie: verbatim_session=<token>; HttpOnly; SameSite=Lax
 * const active = sessions.lookup(cookieToken);       // undefined when unknown, expired or the account disabled
 * if (active && !verifyCsrfToken(active.session, header)) reject(403);
 */
export class SessionStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;
  readonly #idleTimeoutMs: number;
  readonly #maxLifetimeMs: number;
  readonly #touchIntervalMs: number;
  readonly #onDidEndSessions = new Emitter<{ readonly sessionId?: string; readonly userId?: string }>();

  /**
   * Fires once sessions were ended early: one by its id (logout), or an account's (`userId`: all of them, maybe but
   * one). Expiry is not reported.
   */
  readonly onDidEndSessions: Event<{ readonly sessionId?: string; readonly userId?: string }> = this.#onDidEndSessions.event;

  constructor(db: SqlDatabase, options: SessionStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 7 * DAY;
    this.#maxLifetimeMs = options.maxLifetimeMs ?? 30 * DAY;
    this.#touchIntervalMs = options.touchIntervalMs ?? 60_000;
  }

  /** Starts a session for an active account. Throws {@link AuthError} `user-not-found` for a missing or disabled one. */
  create(userId: string): NewSession {
    const token = randomToken(32);
    const now = this.#now();
    const session: Session = {
      id: hashToken(token),
      userId,
      createdAt: now,
      expiresAt: now + Math.min(this.#idleTimeoutMs, this.#maxLifetimeMs),
      lastSeenAt: now,
      csrfSecret: randomToken(32),
    };
    this.#db.transaction(() => {
      const active = this.#db.prepare('SELECT 1 FROM users WHERE id = ? AND disabled_at IS NULL').get(userId);
      if (active === undefined) throw new AuthError('user-not-found', `There is no active account with id ${userId}.`);
      this.#db
        .prepare('INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at, csrf_secret) VALUES (?, ?, ?, ?, ?, ?)')
        .run(session.id, userId, session.createdAt, session.expiresAt, session.lastSeenAt, session.csrfSecret);
    })();
    return { token, session };
  }

  /**
   * The session for a cookie token, or undefined when the token is malformed, unknown, expired (the row is then
   * deleted) or its account is disabled. A use more than `touchIntervalMs` after the last one slides the expiry.
   */
  lookup(token: string | null | undefined): ActiveSession | undefined {
    if (typeof token !== 'string' || !SESSION_TOKEN.test(token)) return undefined;
    const id = hashToken(token);
    const row = this.#db
      .prepare<[string], SessionRow>(
        `SELECT ${USER_COLUMNS}, sessions.id AS session_id, sessions.created_at AS session_created_at,
                sessions.expires_at, sessions.last_seen_at, sessions.csrf_secret
         FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.id = ?`,
      )
      .get(id);
    if (row === undefined) return undefined;
    const now = this.#now();
    if (row.expires_at <= now) {
      this.#db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
      return undefined;
    }
    if (row.disabled_at !== null) return undefined;
    let lastSeenAt = row.last_seen_at;
    let expiresAt = row.expires_at;
    if (now - lastSeenAt >= this.#touchIntervalMs) {
      lastSeenAt = now;
      expiresAt = Math.min(now + this.#idleTimeoutMs, row.session_created_at + this.#maxLifetimeMs);
      this.#db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?').run(lastSeenAt, expiresAt, id);
    }
    const session: Session = {
      id,
      userId: row.id,
      createdAt: row.session_created_at,
      expiresAt,
      lastSeenAt,
      csrfSecret: row.csrf_secret,
    };
    const user = userFromRow(row);
    return { session, user, principal: { userId: user.id, isAdmin: user.isAdmin, via: 'session', credentialId: id } };
  }

  /** Ends the session for a cookie token (logout). Returns whether there was one. */
  revoke(token: string | null | undefined): boolean {
    if (typeof token !== 'string' || !SESSION_TOKEN.test(token)) return false;
    return this.revokeById(hashToken(token));
  }

  /** Ends a session by its id (from a listing or a principal). Returns whether there was one. */
  revokeById(sessionId: string): boolean {
    const ended = this.#db.prepare('DELETE FROM sessions WHERE id = ?').run(sessionId).changes > 0;
    if (ended) this.#onDidEndSessions.fire({ sessionId });
    return ended;
  }

  /** Ends every session of an account, except `exceptSessionId`. Returns how many ended. */
  revokeAllForUser(userId: string, exceptSessionId?: string): number {
    const ended = this.#db.prepare('DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?').run(userId, exceptSessionId ?? null).changes;
    if (ended > 0) this.#onDidEndSessions.fire({ userId });
    return ended;
  }

  /** An account's unexpired sessions, most recently used first (for a "your devices" list). */
  listForUser(userId: string): Session[] {
    return this.#db
      .prepare<[string, number], { id: string; user_id: string; created_at: number; expires_at: number; last_seen_at: number; csrf_secret: string }>(
        'SELECT * FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC',
      )
      .all(userId, this.#now())
      .map((row) => ({
        id: row.id,
        userId: row.user_id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        lastSeenAt: row.last_seen_at,
        csrfSecret: row.csrf_secret,
      }));
  }

  /** Deletes expired sessions (run it now and then); returns how many. */
  deleteExpired(): number {
    return this.#db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.#now()).changes;
  }
}
