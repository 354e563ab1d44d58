import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { Emitter, type Event } from '../queue/Emitter.ts';
import { AuthError } from './AuthError.ts';
import { checkName } from './checkName.ts';
import { ConcurrencyLimit, ConcurrencyLimitFull } from './ConcurrencyLimit.ts';
import {
  DEFAULT_PASSWORD_HASH_PARAMS,
  hashPassword,
  needsRehash,
  unmatchableHash,
  verifyPassword,
  type PasswordHashParams,
} from './hashPassword.ts';
import { normalizeEmail } from './normalizeEmail.ts';
import { checkNewPassword } from './passwordPolicy.ts';
import { randomToken } from './randomToken.ts';
import { USER_COLUMNS, userFromRow, type User, type UserRow } from './User.ts';

/** Options for {@link AccountStore}. */
export interface AccountStoreOptions {
  /** Clock in milliseconds since the epoch; tests inject one. */
  readonly now?: () => number;
  /** scrypt cost for new hashes; stored hashes with other parameters are upgraded at the next good login. */
  readonly hashParams?: PasswordHashParams;
  /**
   * scrypt runs at once (default 2): each takes about 32 MiB and a thread of libuv's pool of 4, which file reads
   * share, so a flood of logins can neither exhaust memory nor stall the rest of the server.
   */
  readonly maxConcurrentHashes?: number;
  /** scrypt runs waiting for a turn (default 32); past this a password check fails at once with `password-hashing-busy`. */
  readonly maxQueuedHashes?: number;
}

/** What {@link AccountStore.createUser} needs. */
export interface NewUser {
  readonly email: string;
  readonly password: string;
  /** Defaults to the part of the email before the @. */
  readonly displayName?: string;
  readonly isAdmin?: boolean;
  readonly mustChangePassword?: boolean;
}

/**
 * The outcome of {@link AccountStore.authenticate}. Every failure is the same value, whether the email is
 * unknown, the password wrong or the account disabled, so a response cannot tell them apart.
 */
export type AuthenticateResult = { readonly ok: true; readonly user: User } | { readonly ok: false; readonly code: 'invalid-credentials' };

/** The first administrator and its generated password, which is shown once and never stored in clear. */
export interface FirstAdmin {
  readonly user: User;
  readonly password: string;
}

const INVALID_CREDENTIALS: AuthenticateResult = Object.freeze({ ok: false, code: 'invalid-credentials' });

interface CredentialRow extends UserRow {
  password_hash: string;
}

/**
 * User accounts over the `users` table: creation, lookup, password login, password changes, disabling, and
 * the first administrator. Every method but hashing is synchronous SQLite; hashing runs on the libuv pool.
 *
 * @example
 * const accounts = new AccountStore(db);
 * const first = await accounts.createFirstAdmin(); // undefined once any account exists
 * const result = await accounts.authenticate('ada@example.org', 'correct horse battery');
 * if (result.ok) sessions.create(result.user.id);
 */
export class AccountStore {
  readonly #db: SqlDatabase;
  readonly #onDidChangeAccount = new Emitter<{ readonly userId: string }>();

  /**
   * Fires once an account's password was set or it was disabled or enabled again (after the change is committed):
   * what its sessions and tokens allow may have changed.
   */
  readonly onDidChangeAccount: Event<{ readonly userId: string }> = this.#onDidChangeAccount.event;
  readonly #now: () => number;
  readonly #hashParams: PasswordHashParams;
  // Verifying against this costs what a real check costs, so unknown emails take as long as wrong passwords.
  readonly #decoyHash: string;
  readonly #hashing: ConcurrencyLimit;

  constructor(db: SqlDatabase, options: AccountStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#hashParams = options.hashParams ?? DEFAULT_PASSWORD_HASH_PARAMS;
    this.#decoyHash = unmatchableHash(this.#hashParams);
    this.#hashing = new ConcurrencyLimit({ maxRunning: options.maxConcurrentHashes ?? 2, maxWaiting: options.maxQueuedHashes ?? 32 });
  }

  /**
   * Creates an account. Throws {@link AuthError}: `invalid-email`, `email-taken`, `invalid-display-name`,
   * `password-too-short`, `password-too-long`, `password-too-weak` (see `checkNewPassword`: the email and display
   * name count against the password).
   */
  async createUser(input: NewUser): Promise<User> {
    const email = normalizeEmail(input.email);
    const typed = input.email.trim();
    const displayName = checkName(input.displayName ?? typed.slice(0, typed.indexOf('@')), 'invalid-display-name', 'display name');
    checkNewPassword(input.password, { email, displayName });
    if (this.findUserByEmail(email) !== undefined) throw emailTaken(email);
    const passwordHash = await this.#hash(() => hashPassword(input.password, this.#hashParams));
    const insert = this.#db.transaction(() => {
      // Checked again: another request may have taken the address while we were hashing.
      if (this.findUserByEmail(email) !== undefined) throw emailTaken(email);
      const id = randomUUID();
      this.#db
        .prepare(
          `INSERT INTO users (id, email, display_name, password_hash, is_admin, must_change_password, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, email, displayName, passwordHash, input.isAdmin === true ? 1 : 0, input.mustChangePassword === true ? 1 : 0, this.#now());
      return this.getUser(id)!;
    });
    return insert.immediate();
  }

  /** The account with this id, or undefined. */
  getUser(id: string): User | undefined {
    const row = this.#db.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id);
    return row === undefined ? undefined : userFromRow(row);
  }

  /** The account with this email (any case, surrounding spaces ignored), or undefined; never throws for bad input. */
  findUserByEmail(email: string): User | undefined {
    const row = this.#credentialsByEmail(email);
    return row === undefined ? undefined : userFromRow(row);
  }

  /** Every account, oldest first. */
  listUsers(): User[] {
    return this.#db
      .prepare<[], UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, email`)
      .all()
      .map(userFromRow);
  }

  /** How many accounts exist, disabled ones included. */
  countUsers(): number {
    return this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users').get()!.n;
  }

  /**
   * Checks an email and password. Always runs exactly one scrypt verification, whether or not the account
   * exists or is disabled, and returns the same failure value in every case. A good login whose stored hash
   * used older cost parameters is re-hashed with the current ones. Throws {@link AuthError} `password-hashing-busy`
   * without checking when `maxConcurrentHashes` checks run and `maxQueuedHashes` wait already.
   */
  async authenticate(email: string, password: string): Promise<AuthenticateResult> {
    const row = this.#credentialsByEmail(email);
    const matches = await this.#hash(() => verifyPassword(password, row?.password_hash ?? this.#decoyHash));
    if (row === undefined || !matches || row.disabled_at !== null) return INVALID_CREDENTIALS;
    if (needsRehash(row.password_hash, this.#hashParams)) {
      const upgraded = await this.#hash(() => hashPassword(password, this.#hashParams)).catch(() => undefined);
      // A password set under an older, looser policy cannot be re-hashed by hashPassword; keep the old hash.
      if (upgraded !== undefined) {
        this.#db.prepare('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?').run(upgraded, row.id, row.password_hash);
      }
    }
    return { ok: true, user: userFromRow(row) };
  }

  /**
   * Sets a new password, clears `mustChangePassword` (sets it with `mustChange`, when an administrator chose the
   * password), ends the account's sessions (except `keepSessionId`, the session that made the change) and revokes all
   * its API tokens, in one transaction: whoever held a credential made with the old password holds nothing afterwards.
   * Callers check the current password first with {@link authenticate}. Throws {@link AuthError} `user-not-found`,
   * `password-too-short`, `password-too-long`, `password-too-weak`.
   */
  async setPassword(userId: string, password: string, options: { keepSessionId?: string; mustChange?: boolean } = {}): Promise<void> {
    const user = this.#requireUser(userId);
    checkNewPassword(password, { email: user.email, displayName: user.displayName });
    const passwordHash = await this.#hash(() => hashPassword(password, this.#hashParams));
    this.#db.transaction(() => {
      const changed = this.#db
        .prepare('UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?')
        .run(passwordHash, options.mustChange === true ? 1 : 0, userId).changes;
      if (changed === 0) throw userNotFound(userId);
      this.#db.prepare('DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?').run(userId, options.keepSessionId ?? null);
      this.#db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(this.#now(), userId);
    })();
    this.#onDidChangeAccount.fire({ userId });
  }

  /**
   * Disables or re-enables an account. A disabled account cannot log in, and its sessions are ended; its API
   * tokens stop working while it stays disabled. Throws {@link AuthError} `user-not-found`.
   */
  setDisabled(userId: string, disabled: boolean): User {
    const user = this.#db.transaction(() => {
      this.#requireUser(userId);
      if (disabled) {
        this.#db.prepare('UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL').run(this.#now(), userId);
        this.#db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
      } else {
        this.#db.prepare('UPDATE users SET disabled_at = NULL WHERE id = ?').run(userId);
      }
      return this.getUser(userId)!;
    })();
    this.#onDidChangeAccount.fire({ userId });
    return user;
  }

  /** Grants or removes instance administration. Throws {@link AuthError} `user-not-found`. */
  setAdmin(userId: string, isAdmin: boolean): User {
    const changed = this.#db.prepare('UPDATE users SET is_admin = ? WHERE id = ?').run(isAdmin ? 1 : 0, userId).changes;
    if (changed === 0) throw userNotFound(userId);
    return this.getUser(userId)!;
  }

  /**
   * When there are no accounts at all, creates an administrator with a random password (returned here once,
   * flagged `mustChangePassword`); otherwise does nothing and returns undefined. Safe to call on every start,
   * and from several processes at once: the check and the insert share one write transaction.
   */
  async createFirstAdmin(options: { email?: string; displayName?: string } = {}): Promise<FirstAdmin | undefined> {
    if (this.countUsers() > 0) return undefined;
    const email = normalizeEmail(options.email ?? 'admin@localhost');
    const displayName = checkName(options.displayName ?? 'Administrator', 'invalid-display-name', 'display name');
    const password = randomToken(18);
    const passwordHash = await hashPassword(password, this.#hashParams);
    const insert = this.#db.transaction((): User | undefined => {
      if (this.countUsers() > 0) return undefined;
      const id = randomUUID();
      this.#db
        .prepare(
          `INSERT INTO users (id, email, display_name, password_hash, is_admin, must_change_password, created_at)
           VALUES (?, ?, ?, ?, 1, 1, ?)`,
        )
        .run(id, email, displayName, passwordHash, this.#now());
      return this.getUser(id);
    });
    const user = insert.immediate();
    return user === undefined ? undefined : { user, password };
  }

  #credentialsByEmail(email: string): CredentialRow | undefined {
    let normalized: string;
    try {
      normalized = normalizeEmail(email);
    } catch {
      return undefined;
    }
    return this.#db
      .prepare<[string], CredentialRow>(`SELECT ${USER_COLUMNS}, users.password_hash FROM users WHERE email = ?`)
      .get(normalized);
  }

  // every scrypt of the store goes through the limit; a full queue is the caller's to answer (503 over HTTP)
  async #hash<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.#hashing.run(work);
    } catch (error) {
      if (error instanceof ConcurrencyLimitFull) {
        throw new AuthError('password-hashing-busy', 'The server is checking too many passwords at once; try again in a moment.', { cause: error });
      }
      throw error;
    }
  }

  #requireUser(userId: string): User {
    const user = this.getUser(userId);
    if (user === undefined) throw userNotFound(userId);
    return user;
  }
}

function emailTaken(email: string): AuthError {
  return new AuthError('email-taken', `An account with the email ${email} already exists.`);
}

function userNotFound(userId: string): AuthError {
  return new AuthError('user-not-found', `There is no account with id ${userId}.`);
}
