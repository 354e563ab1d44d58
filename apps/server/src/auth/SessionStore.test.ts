import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase.ts';
import { AccountStore } from './AccountStore.ts';
import { AuthError } from './AuthError.ts';
import { csrfTokenFor, verifyCsrfToken } from './csrfToken.ts';
import { hashToken } from './hashToken.ts';
import { SessionStore } from './SessionStore.ts';
import type { User } from './User.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let dir: string;
let db: Database;
let clock: number;
let sessions: SessionStore;
let user: User;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verbatim-sessions-'));
  db = openDatabase(join(dir, 'verbatim.db'));
  clock = Date.UTC(2025, 0, 1);
  const now = (): number => clock;
  sessions = new SessionStore(db, { now, idleTimeoutMs: 7 * DAY, maxLifetimeMs: 30 * DAY, touchIntervalMs: MINUTE });
  user = await new AccountStore(db, { now, hashParams: { logN: 10, r: 8, p: 1 } }).createUser({ email: 'sam@example.org', password: 'sam password 1' });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function storedSessionRow(id: string): Record<string, unknown> | undefined {
  return db.prepare<[string], Record<string, unknown>>('SELECT * FROM sessions WHERE id = ?').get(id);
}

describe('SessionStore', () => {
  it('stores only the hash of the token and finds the session by the token', () => {
    const { token, session } = sessions.create(user.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.id).toBe(hashToken(token));
    const everything = JSON.stringify(db.prepare('SELECT * FROM sessions').all());
    expect(everything).not.toContain(token);

    const active = sessions.lookup(token);
    expect(active?.session).toEqual(session);
    expect(active?.user).toEqual(user);
    expect(active?.principal).toEqual({ userId: user.id, isAdmin: false, via: 'session', credentialId: session.id });
    expect(sessions.lookup(session.id)).toBeUndefined();
    expect(sessions.lookup(undefined)).toBeUndefined();
    expect(sessions.lookup('x'.repeat(43))).toBeUndefined();
    expect(sessions.lookup(token + '=')).toBeUndefined();
  });

  it('expires an unused session after the idle timeout and deletes it', () => {
    const { token, session } = sessions.create(user.id);
    expect(session.expiresAt).toBe(clock + 7 * DAY);
    clock += 7 * DAY - 1;
    expect(sessions.lookup(token)).toBeDefined();
    const again = sessions.create(user.id);
    clock += 7 * DAY;
    expect(sessions.lookup(again.token)).toBeUndefined();
    expect(storedSessionRow(again.session.id)).toBeUndefined();
  });

  it('slides the expiry forward with use, writing at most once per touch interval', () => {
    const { token, session } = sessions.create(user.id);
    clock += 30 * 1000;
    const soon = sessions.lookup(token)!;
    expect(soon.session.expiresAt).toBe(session.expiresAt);
    expect(storedSessionRow(session.id)?.last_seen_at).toBe(session.createdAt);

    clock += 6 * DAY;
    const later = sessions.lookup(token)!;
    expect(later.session.lastSeenAt).toBe(clock);
    expect(later.session.expiresAt).toBe(clock + 7 * DAY);
    expect(storedSessionRow(session.id)?.expires_at).toBe(clock + 7 * DAY);

    // used every six days, it lives past the first idle timeout ...
    clock += 6 * DAY;
    expect(sessions.lookup(token)).toBeDefined();
    // ... but never past the maximum lifetime
    for (const day of [18, 24]) {
      clock = session.createdAt + day * DAY + MINUTE;
      expect(sessions.lookup(token)?.session.expiresAt).toBe(Math.min(clock + 7 * DAY, session.createdAt + 30 * DAY));
    }
    clock = session.createdAt + 30 * DAY;
    expect(sessions.lookup(token)).toBeUndefined();
  });

  it('logs out one session or all of an account', () => {
    const a = sessions.create(user.id);
    const b = sessions.create(user.id);
    const c = sessions.create(user.id);
    expect(sessions.revoke(a.token)).toBe(true);
    expect(sessions.revoke(a.token)).toBe(false);
    expect(sessions.lookup(a.token)).toBeUndefined();
    expect(sessions.lookup(b.token)).toBeDefined();
    expect(sessions.listForUser(user.id).map((s) => s.id).sort()).toEqual([b.session.id, c.session.id].sort());

    expect(sessions.revokeAllForUser(user.id, c.session.id)).toBe(1);
    expect(sessions.lookup(b.token)).toBeUndefined();
    expect(sessions.lookup(c.token)).toBeDefined();
    expect(sessions.revokeById(c.session.id)).toBe(true);
    expect(sessions.lookup(c.token)).toBeUndefined();
  });

  it('deletes expired sessions in bulk', () => {
    sessions.create(user.id);
    clock += 3 * DAY;
    const young = sessions.create(user.id);
    clock += 5 * DAY;
    expect(sessions.deleteExpired()).toBe(1);
    expect(sessions.lookup(young.token)).toBeDefined();
  });

  it('refuses to start a session for an unknown account', () => {
    expect(() => sessions.create('no-such-user')).toThrow(AuthError);
  });

  it('ties CSRF tokens to their session', () => {
    const a = sessions.create(user.id);
    const b = sessions.create(user.id);
    const activeA = sessions.lookup(a.token)!;
    const activeB = sessions.lookup(b.token)!;
    expect(verifyCsrfToken(activeA.session, csrfTokenFor(a.session))).toBe(true);
    expect(verifyCsrfToken(activeA.session, csrfTokenFor(activeB.session))).toBe(false);
    expect(verifyCsrfToken(activeB.session, csrfTokenFor(activeA.session))).toBe(false);
    expect(verifyCsrfToken(activeA.session, undefined)).toBe(false);
  });
});
