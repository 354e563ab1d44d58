import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { Emitter, type Event } from '../queue/Emitter.ts';
import { isApiTokenScope, MAX_API_TOKEN_LIFETIME_DAYS, type ApiTokenScope } from './ApiTokenScope.ts';
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
  /** What the token may do (see {@link ApiTokenScope}). */
  readonly scope: ApiTokenScope;
  /** When it stops working, in milliseconds since the epoch; null: when it is revoked. */
  readonly expiresAt: number | null;
}

/** What a new token may do and for how long (see {@link ApiTokenStore#create}). */
export interface NewApiTokenOptions {
  /** Default `write`, what the account itself may do. */
  readonly scope?: ApiTokenScope;
  /** Milliseconds since the epoch, in the future and at most {@link MAX_API_TOKEN_LIFETIME_DAYS} days ahead; default: none. */
  readonly expiresAt?: number;
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
  scope: ApiTokenScope;
  expires_at: number | null;
}

interface VerifyRow extends UserRow {
  token_id: string;
  token_name: string;
  token_created_at: number;
  last_used_at: number | null;
  scope: ApiTokenScope;
  expires_at: number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** True when `value` has the shape of an API token (`vbt_` + 43 base64url characters); says nothing of validity. */
export function looksLikeApiToken(value: string | null | undefined): value is string {
  return typeof value === 'string' && API_TOKEN.test(value);
}

/**
 * API tokens for the CLI and scripts (`Authorization: Bearer vbt_…`), over the `api_tokens` table. Only the
 * SHA-256 of a token is stored; a token acts as its account within its scope and stops working when revoked, when it
 * expires, when the account is disabled, or when the account's password changes.
 *
 * @example
 * const { token } = tokens.create(user.id, 'laptop CLI', { scope: 'transcribe', expiresAt: Date.now() + 30 * DAY }); // print once
 * const verified = tokens.verify(bearer); // undefined when unknown, revoked, expired or disabled
 */
export class ApiTokenStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;
  readonly #touchIntervalMs: number;
  readonly #onDidRevokeToken = new Emitter<{ readonly tokenId: string }>();

  /** Fires once a token was revoked with {@link revoke} (after the change is committed). */
  readonly onDidRevokeToken: Event<{ readonly tokenId: string }> = this.#onDidRevokeToken.event;

  constructor(db: SqlDatabase, options: ApiTokenStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#touchIntervalMs = options.touchIntervalMs ?? 60_000;
  }

  /**
   * Creates a token named `name` for an active account, with `options.scope` (default `write`) and an optional
   * expiry; `token` in the result is the only copy of the secret. Throws {@link AuthError} `invalid-token-name`,
   * `invalid-token-scope`, `invalid-token-expiry`, `user-not-found`.
   */
  create(userId: string, name: string, options: NewApiTokenOptions = {}): { token: string; apiToken: ApiToken } {
    const tokenName = checkName(name, 'invalid-token-name', 'token name');
    const scope = options.scope ?? 'write';
    if (!isApiTokenScope(scope)) throw new AuthError('invalid-token-scope', `A token's scope is read, transcribe or write, not ${JSON.stringify(scope)}.`);
    const createdAt = this.#now();
    const expiresAt = options.expiresAt ?? null;
    if (expiresAt !== null && !(Number.isSafeInteger(expiresAt) && expiresAt > createdAt && expiresAt <= createdAt + MAX_API_TOKEN_LIFETIME_DAYS * DAY_MS)) {
      throw new AuthError('invalid-token-expiry', `A token's expiry must lie in the future and at most ${MAX_API_TOKEN_LIFETIME_DAYS} days ahead.`);
    }
    const token = API_TOKEN_PREFIX + randomToken(32);
    const apiToken: ApiToken = { id: randomUUID(), userId, name: tokenName, createdAt, lastUsedAt: null, revokedAt: null, scope, expiresAt };
    this.#db.transaction(() => {
      const active = this.#db.prepare('SELECT 1 FROM users WHERE id = ? AND disabled_at IS NULL').get(userId);
      if (active === undefined) throw new AuthError('user-not-found', `There is no active account with id ${userId}.`);
      this.#db
        .prepare('INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, scope, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(apiToken.id, userId, tokenName, hashToken(token), createdAt, scope, expiresAt);
    })();
    return { token, apiToken };
  }

  /** The account behind a bearer token, or undefined when it is malformed, unknown, revoked, expired or its account disabled. */
  verify(token: string | null | undefined): VerifiedApiToken | undefined {
    if (!looksLikeApiToken(token)) return undefined;
    const now = this.#now();
    const row = this.#db
      .prepare<[string, number], VerifyRow>(
        `SELECT ${USER_COLUMNS}, api_tokens.id AS token_id, api_tokens.name AS token_name,
                api_tokens.created_at AS token_created_at, api_tokens.last_used_at, api_tokens.scope, api_tokens.expires_at
         FROM api_tokens JOIN users ON users.id = api_tokens.user_id
         WHERE api_tokens.token_hash = ? AND api_tokens.revoked_at IS NULL
           AND (api_tokens.expires_at IS NULL OR api_tokens.expires_at > ?)`,
      )
      .get(hashToken(token), now);
    if (row === undefined || row.disabled_at !== null) return undefined;
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
      scope: row.scope,
      expiresAt: row.expires_at,
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
    if (result.changes > 0) this.#onDidRevokeToken.fire({ tokenId });
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
    scope: row.scope,
    expiresAt: row.expires_at,
  };
}
