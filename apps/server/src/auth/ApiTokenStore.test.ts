import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../db/migrations.ts';
import { openDatabase } from '../db/openDatabase.ts';
import { AccountStore } from './AccountStore.ts';
import { ApiTokenStore, looksLikeApiToken } from './ApiTokenStore.ts';
import { AuthError } from './AuthError.ts';
import { hashToken } from './hashToken.ts';
import type { User } from './User.ts';

let dir: string;
let db: Database;
let clock: number;
let accounts: AccountStore;
let tokens: ApiTokenStore;
let ann: User;
let bob: User;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verbatim-tokens-'));
  db = openDatabase(join(dir, 'verbatim.db'));
  clock = 1_000_000;
  const now = (): number => clock;
  accounts = new AccountStore(db, { now, hashParams: { logN: 10, r: 8, p: 1 } });
  tokens = new ApiTokenStore(db, { now, touchIntervalMs: 60_000 });
  ann = await accounts.createUser({ email: 'ann@example.org', password: 'ann password 1', isAdmin: true });
  bob = await accounts.createUser({ email: 'bob@example.org', password: 'bob password 1' });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ApiTokenStore', () => {
  it('shows a vbt_ token once and stores only its hash', () => {
    const { token, apiToken } = tokens.create(ann.id, '  laptop CLI ');
    expect(token).toMatch(/^vbt_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeApiToken(token)).toBe(true);
    expect(apiToken).toEqual({ id: apiToken.id, userId: ann.id, name: 'laptop CLI', createdAt: clock, lastUsedAt: null, revokedAt: null, scope: 'write', expiresAt: null });
    const rows = JSON.stringify(db.prepare('SELECT * FROM api_tokens').all());
    expect(rows).not.toContain(token.slice(4));
    expect(rows).toContain(hashToken(token));
    expect(tokens.list(ann.id)).toEqual([apiToken]);
  });

  it('verifies a token as its account and records when it was last used', () => {
    const { token, apiToken } = tokens.create(ann.id, 'script');
    clock += 5_000;
    const verified = tokens.verify(token)!;
    expect(verified.user).toEqual(ann);
    expect(verified.principal).toEqual({ userId: ann.id, isAdmin: true, via: 'api-token', credentialId: apiToken.id });
    expect(verified.apiToken.lastUsedAt).toBe(clock);
    clock += 1_000;
    expect(tokens.verify(token)!.apiToken.lastUsedAt).toBe(clock - 1_000);
    clock += 60_000;
    tokens.verify(token);
    expect(tokens.get(apiToken.id)!.lastUsedAt).toBe(clock);
  });

  it('rejects malformed and unknown tokens', () => {
    const { token } = tokens.create(ann.id, 'script');
    for (const bad of [undefined, null, '', token.slice(4), 'vbt_', token + 'A', token.replace(/^vbt_/, 'vbx_'), `vbt_${'A'.repeat(43)}`]) {
      expect(tokens.verify(bad)).toBeUndefined();
    }
  });

  it('stops accepting a token once revoked, and only its owner may revoke it', () => {
    const keep = tokens.create(ann.id, 'keep');
    const drop = tokens.create(ann.id, 'drop');
    expect(tokens.revoke(drop.apiToken.id, { userId: bob.id })).toBe(false);
    expect(tokens.verify(drop.token)).toBeDefined();

    clock += 10;
    expect(tokens.revoke(drop.apiToken.id, { userId: ann.id })).toBe(true);
    expect(tokens.verify(drop.token)).toBeUndefined();
    expect(tokens.get(drop.apiToken.id)?.revokedAt).toBe(clock);
    expect(tokens.revoke(drop.apiToken.id)).toBe(false);
    expect(tokens.verify(keep.token)).toBeDefined();
  });

  it('stops accepting tokens of a disabled account until it is enabled again', () => {
    const { token } = tokens.create(bob.id, 'bob script');
    accounts.setDisabled(bob.id, true);
    expect(tokens.verify(token)).toBeUndefined();
    expect(() => tokens.create(bob.id, 'another')).toThrow(AuthError);
    accounts.setDisabled(bob.id, false);
    expect(tokens.verify(token)?.user.id).toBe(bob.id);
  });

  it('gives a token a scope and an expiry, after which it stops working', () => {
    const { token, apiToken } = tokens.create(ann.id, 'nightly', { scope: 'transcribe', expiresAt: clock + 60_000 });
    expect(apiToken).toMatchObject({ scope: 'transcribe', expiresAt: clock + 60_000 });
    expect(tokens.verify(token)?.apiToken).toMatchObject({ scope: 'transcribe', expiresAt: clock + 60_000 });
    clock += 59_999;
    expect(tokens.verify(token)).toBeDefined();
    clock += 1;
    expect(tokens.verify(token)).toBeUndefined();
    expect(tokens.get(apiToken.id)).toMatchObject({ revokedAt: null, expiresAt: apiToken.expiresAt });

    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as AuthError).code;
      }
      return undefined;
    };
    expect(codeOf(() => tokens.create(ann.id, 'x', { scope: 'admin' as never }))).toBe('invalid-token-scope');
    expect(codeOf(() => tokens.create(ann.id, 'x', { expiresAt: clock }))).toBe('invalid-token-expiry');
    expect(codeOf(() => tokens.create(ann.id, 'x', { expiresAt: clock + 366 * 86_400_000 }))).toBe('invalid-token-expiry');
    expect(codeOf(() => tokens.create(ann.id, 'x', { expiresAt: clock + 365 * 86_400_000 }))).toBeUndefined();
  });

  it('keeps tokens made before scopes working as they did: every scope, no expiry', async () => {
    const path = join(dir, 'older.db');
    const old = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.id !== 103) });
    old.prepare("INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES ('u1', 'old@example.org', 'Old', 'x', 1)").run();
    const secret = `vbt_${'B'.repeat(43)}`;
    old.prepare("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES ('t1', 'u1', 'old script', ?, 1)").run(hashToken(secret));
    old.close();
    const upgraded = openDatabase(path);
    try {
      expect(new ApiTokenStore(upgraded).verify(secret)?.apiToken).toMatchObject({ id: 't1', scope: 'write', expiresAt: null });
    } finally {
      upgraded.close();
    }
  });

  it('requires a token name', () => {
    for (const name of ['', '   ', 'tab\tinside', 'n'.repeat(201)]) {
      let caught: unknown;
      try {
        tokens.create(ann.id, name);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AuthError);
      expect((caught as AuthError).code).toBe('invalid-token-name');
    }
  });
});
