import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { AuthError } from './AuthError.ts';
import { checkName } from './checkName.ts';
import { hashToken } from './hashToken.ts';
import type { Principal } from './Principal.ts';
import { randomToken } from './randomToken.ts';
import { USER_COLUMNS, userFromRow, type User, type UserRow } from './User.ts';

/** Every API token starts with this, so secret scanners and log scrubbers can recognise one. */
export const API_TOKEN_PREFIX = 'vbt_';
const API_TOKEN = /^vbt_[A-Za-z0-9_-]{43}$/;

/** An API token as stored: everything but the secret, which is shown once at creation. */
export interface ApiToken {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

/** A valid token with its (active) account and the principal to authorise requests with. */
export interface VerifiedApiToken {
  readonly apiToken: ApiToken;
  readonly user: User;
  readonly principal: Principal;
}

/** Options for {@link ApiTokenStore}. */
export interface ApiTokenStoreOptions {
  /** Clock in milliseconds since the epoch; tests inject one. */
  readonly now?: () => number;
  /** Uses closer together than this do not rewrite `last_used_at` (default 60 s). */
  readonly touchIntervalMs?: number;
}

interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

interface VerifyRow extends UserRow {
  token_id: string;
  token_name: string;
  token_created_at: number;
  last_used_at: number | null;
}

/** True when `value` has the shape of an API token (`vbt_` + 43 base64url characters); says nothing of validity. */
export function looksLikeApiToken(value: string | null | undefined): value is string {
  return typeof value === 'string' && API_TOKEN.test(value);
}

/**
 * API tokens for the CLI and scripts (`Authorization: Bearer vbt_…`), over the `api_tokens` table. Only the
 * SHA-256 of a token is stored; a token acts as its account and stops working when revoked or when the account
 * is disabled.
 *
 * @example
 * const { token } = tokens.create(user.id, 'laptop CLI'); // print once
 * const verified = tokens.verify(bearer);                 // undefined when unknown, revoked or disabled
 */
export class ApiTokenStore {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #touchIntervalMs: number;

  constructor(db: Database, options: ApiTokenStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#touchIntervalMs = options.touchIntervalMs ?? 60_000;
  }

  /**
   * Creates a token named `name` for an active account; `token` in the result is the only copy of the secret.
   * Throws {@link AuthError} `invalid-token-name`, `user-not-found`.
   */
  create(userId: string, name: string): { token: string; apiToken: ApiToken } {
    const tokenName = checkName(name, 'invalid-token-name', 'token name');
    const token = API_TOKEN_PREFIX + randomToken(32);
    const apiToken: ApiToken = { id: randomUUID(), userId, name: tokenName, createdAt: this.#now(), lastUsedAt: null, revokedAt: null };
    this.#db.transaction(() => {
      const active = this.#db.prepare('SELECT 1 FROM users WHERE id = ? AND disabled_at IS NULL').get(userId);
      if (active === undefined) throw new AuthError('user-not-found', `There is no active account with id ${userId}.`);
      this.#db
        .prepare('INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(apiToken.id, userId, tokenName, hashToken(token), apiToken.createdAt);
    })();
    return { token, apiToken };
  }

  /** The account behind a bearer token, or undefined when it is malformed, unknown, revoked or its account disabled. */
  verify(token: string | null | undefined): VerifiedApiToken | undefined {
    if (!looksLikeApiToken(token)) return undefined;
    const row = this.#db
      .prepare<[string], VerifyRow>(
        `SELECT ${USER_COLUMNS}, api_tokens.id AS token_id, api_tokens.name AS token_name,
                api_tokens.created_at AS token_created_at, api_tokens.last_used_at
         FROM api_tokens JOIN users ON users.id = api_tokens.user_id
         WHERE api_tokens.token_hash = ? AND api_tokens.revoked_at IS NULL`,
      )
      .get(hashToken(token));
    if (row === undefined || row.disabled_at !== null) return undefined;
    const now = this.#now();
    let lastUsedAt = row.last_used_at;
    if (lastUsedAt === null || now - lastUsedAt >= this.#touchIntervalMs) {
      lastUsedAt = now;
      this.#db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, row.token_id);
    }
    const user = userFromRow(row);
    const apiToken: ApiToken = {
      id: row.token_id,
      userId: user.id,
      name: row.token_name,
      createdAt: row.token_created_at,
      lastUsedAt,
      revokedAt: null,
    };
    return { apiToken, user, principal: { userId: user.id, isAdmin: user.isAdmin, via: 'api-token', credentialId: apiToken.id } };
  }

  /** The token with this id (revoked or not), or undefined. */
  get(tokenId: string): ApiToken | undefined {
    const row = this.#db.prepare<[string], TokenRow>('SELECT * FROM api_tokens WHERE id = ?').get(tokenId);
    return row === undefined ? undefined : tokenFromRow(row);
  }

  /** An account's tokens, newest first, revoked ones included (they show when they were revoked). */
  list(userId: string): ApiToken[] {
    return this.#db
      .prepare<[string], TokenRow>('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id')
      .all(userId)
      .map(tokenFromRow);
  }

  /**
   * Revokes a token for good. With `userId`, only that account's token is touched (so one user cannot revoke
   * another's by guessing ids). Returns whether a live token was revoked.
   */
  revoke(tokenId: string, options: { userId?: string } = {}): boolean {
    const result =
      options.userId === undefined
        ? this.#db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(this.#now(), tokenId)
        : this.#db
            .prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL')
            .run(this.#now(), tokenId, options.userId);
    return result.changes > 0;
  }
}

function tokenFromRow(row: TokenRow): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
