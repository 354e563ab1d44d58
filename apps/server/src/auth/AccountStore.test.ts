import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase.ts';
import { AccountStore } from './AccountStore.ts';
import { AuthError } from './AuthError.ts';
import { needsRehash, verifyPassword } from './hashPassword.ts';
import { SessionStore } from './SessionStore.ts';

let dir: string;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'verbatim-accounts-'));
  db = openDatabase(join(dir, 'verbatim.db'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function authError(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

function storedHash(userId: string): string {
  return db.prepare<[string], { password_hash: string }>('SELECT password_hash FROM users WHERE id = ?').get(userId)!.password_hash;
}

describe('AccountStore', () => {
  it('creates accounts with normalised emails, unique in any case', async () => {
    const accounts = new AccountStore(db, { now: () => 1_700_000_000_000 });
    const ada = await accounts.createUser({ email: '  Ada.Lovelace@Example.ORG ', password: 'analytical engine' });
    expect(ada).toMatchObject({ email: 'ada.lovelace@example.org', displayName: 'Ada.Lovelace', isAdmin: false, createdAt: 1_700_000_000_000, disabledAt: null });
    expect(accounts.findUserByEmail('ADA.LOVELACE@example.org')?.id).toBe(ada.id);
    expect(accounts.getUser(ada.id)).toEqual(ada);
    expect(Object.keys(ada)).not.toContain('passwordHash');

    const taken = await authError(accounts.createUser({ email: 'ada.lovelace@EXAMPLE.org', password: 'another password' }));
    expect(taken.code).toBe('email-taken');
    expect(accounts.countUsers()).toBe(1);
    // the database refuses a duplicate too, whatever writes it
    expect(() =>
      db.prepare(`INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES ('x', 'ADA.LOVELACE@EXAMPLE.ORG', 'x', 'x', 0)`).run(),
    ).toThrow(/UNIQUE/);
  });

  it('names what is wrong with a new account', async () => {
    const accounts = new AccountStore(db);
    expect((await authError(accounts.createUser({ email: 'not-an-address', password: 'long enough password' }))).code).toBe('invalid-email');
    expect((await authError(accounts.createUser({ email: 'a@b', password: 'short' }))).code).toBe('password-too-short');
    expect((await authError(accounts.createUser({ email: 'a@b', password: 'x'.repeat(1025) }))).code).toBe('password-too-long');
    expect((await authError(accounts.createUser({ email: 'a@b', password: 'long enough password', displayName: '  ' }))).code).toBe(
      'invalid-display-name',
    );
    expect(accounts.countUsers()).toBe(0);
  });

  it('logs in with the right password and gives one identical answer for every failure', async () => {
    const accounts = new AccountStore(db);
    const grace = await accounts.createUser({ email: 'grace@example.org', password: 'compilers are fun', displayName: 'Grace' });
    const mallory = await accounts.createUser({ email: 'mallory@example.org', password: 'mallory password' });
    accounts.setDisabled(mallory.id, true);

    const ok = await accounts.authenticate(' GRACE@example.org', 'compilers are fun');
    expect(ok).toEqual({ ok: true, user: grace });

    const failures = await Promise.all([
      accounts.authenticate('grace@example.org', 'compilers are fun!'),
      accounts.authenticate('nobody@example.org', 'compilers are fun'),
      accounts.authenticate('mallory@example.org', 'mallory password'),
      accounts.authenticate('not an email', 'compilers are fun'),
      accounts.authenticate('grace@example.org', ''),
      accounts.authenticate('grace@example.org', 'z'.repeat(5000)),
    ]);
    for (const failure of failures) expect(failure).toEqual({ ok: false, code: 'invalid-credentials' });
    expect(new Set(failures).size).toBe(1);
  });

  it('re-hashes a password stored with older parameters at the next good login', async () => {
    const old = new AccountStore(db, { hashParams: { logN: 11, r: 8, p: 1 } });
    const user = await old.createUser({ email: 'old@example.org', password: 'from the old days' });
    expect(storedHash(user.id)).toContain('$ln=11,');

    const current = new AccountStore(db);
    expect((await current.authenticate('old@example.org', 'wrong password!')).ok).toBe(false);
    expect(storedHash(user.id)).toContain('$ln=11,');
    expect((await current.authenticate('old@example.org', 'from the old days')).ok).toBe(true);
    expect(needsRehash(storedHash(user.id))).toBe(false);
    expect(await verifyPassword('from the old days', storedHash(user.id))).toBe(true);
  });

  it('changes a password, ending the other sessions', async () => {
    const accounts = new AccountStore(db);
    const sessions = new SessionStore(db);
    const user = await accounts.createUser({ email: 'lin@example.org', password: 'first password' });
    const here = sessions.create(user.id);
    const elsewhere = sessions.create(user.id);

    await accounts.setPassword(user.id, 'second password', { keepSessionId: here.session.id });
    expect((await accounts.authenticate('lin@example.org', 'first password')).ok).toBe(false);
    expect((await accounts.authenticate('lin@example.org', 'second password')).ok).toBe(true);
    expect(sessions.lookup(here.token)).toBeDefined();
    expect(sessions.lookup(elsewhere.token)).toBeUndefined();

    expect((await authError(accounts.setPassword(user.id, 'too short'))).code).toBe('password-too-short');
    expect((await authError(accounts.setPassword('no-such-id', 'long enough password'))).code).toBe('user-not-found');
  });

  it('disables and re-enables an account', async () => {
    const accounts = new AccountStore(db, { now: () => 42 });
    const sessions = new SessionStore(db, { now: () => 42 });
    const user = await accounts.createUser({ email: 'kim@example.org', password: 'kim password 1' });
    const { token } = sessions.create(user.id);
    expect(accounts.setDisabled(user.id, true).disabledAt).toBe(42);
    expect(sessions.lookup(token)).toBeUndefined();
    expect(() => sessions.create(user.id)).toThrow(AuthError);
    expect(accounts.setDisabled(user.id, false).disabledAt).toBeNull();
    expect((await accounts.authenticate('kim@example.org', 'kim password 1')).ok).toBe(true);
    expect(() => accounts.setDisabled('missing', true)).toThrow(expect.objectContaining({ code: 'user-not-found' }));
  });

  it('creates the first admin once, with a one-time password that works', async () => {
    const accounts = new AccountStore(db);
    const first = await accounts.createFirstAdmin();
    expect(first).toBeDefined();
    expect(first!.user).toMatchObject({ email: 'admin@localhost', isAdmin: true, mustChangePassword: true });
    expect(first!.password.length).toBeGreaterThanOrEqual(20);
    expect(storedHash(first!.user.id)).not.toContain(first!.password);

    expect(await accounts.createFirstAdmin()).toBeUndefined();
    expect(await accounts.createFirstAdmin({ email: 'other@example.org' })).toBeUndefined();
    expect(accounts.countUsers()).toBe(1);

    const login = await accounts.authenticate('admin@localhost', first!.password);
    expect(login.ok && login.user.mustChangePassword).toBe(true);
    await accounts.setPassword(first!.user.id, 'a password of my own');
    expect(accounts.getUser(first!.user.id)?.mustChangePassword).toBe(false);
  });

  it('creates exactly one first admin when several starts race, and none when accounts exist', async () => {
    const accounts = new AccountStore(db);
    const results = await Promise.all([accounts.createFirstAdmin(), new AccountStore(db).createFirstAdmin(), accounts.createFirstAdmin()]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(accounts.listUsers().filter((u) => u.isAdmin)).toHaveLength(1);

    const otherDir = mkdtempSync(join(tmpdir(), 'verbatim-accounts-'));
    const other = openDatabase(join(otherDir, 'verbatim.db'));
    try {
      const store = new AccountStore(other);
      await store.createUser({ email: 'someone@example.org', password: 'existing user pw' });
      expect(await store.createFirstAdmin()).toBeUndefined();
      expect(store.listUsers().some((u) => u.isAdmin)).toBe(false);
    } finally {
      other.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
