// Two processes' leases on one store (SQLite here, PostgreSQL under VERBATIM_TEST_DATABASE=postgres), on a clock the
// test moves: who may take a session, when a dead holder's session can be taken over, and what the sweeper sees.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/queueTestDatabase.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';
import { LiveLeases } from './LiveLeases.ts';

const MODEL = { id: 'verbatim-en-char', version: '1.0.0', sha256: 'ab'.repeat(32) };
const LEASE_MS = 15_000;

let t: TestDatabase;
let clock: number;
let store: LiveSessionStore;
let leases: LiveLeases[];
let sessionId: string;
let projectId: string;
let userId: string;

beforeEach(() => {
  t = createTestDatabase();
  clock = 1_000;
  store = new LiveSessionStore(t.db, { now: () => clock });
  userId = crypto.randomUUID();
  t.db.prepare(`INSERT INTO users (id, email, display_name, password_hash, is_admin, created_at) VALUES (?, ?, 'Op', 'x', 0, 0)`).run(userId, `${userId}@example.org`);
  projectId = t.addProject();
  sessionId = store.create({ projectId, title: 'Keynote', createdBy: userId, model: MODEL, sampleRate: 16_000 }).id;
  leases = [];
});

afterEach(() => {
  for (const lease of leases) lease.dispose();
  t.dispose();
});

const leasesOf = (ownerId: string) => {
  const made = new LiveLeases(store, { ownerId, leaseMs: LEASE_MS, now: () => clock });
  leases.push(made);
  return made;
};

describe('LiveLeases', () => {
  it('lets one process hold a session while it renews, and another take it once the lease ran out', () => {
    const [a, b] = [leasesOf('a'), leasesOf('b')];
    expect(a.claim(sessionId)).toBe(true);
    expect(b.claim(sessionId)).toBe(false);
    expect(b.heldElsewhere(sessionId)).toBe(true);
    expect(a.heldElsewhere(sessionId)).toBe(false);
    clock += LEASE_MS - 1;
    a.renew();
    clock += LEASE_MS - 1;
    expect(b.claim(sessionId)).toBe(false);
    expect(store.listAbandoned()).toEqual([]);
    // a stops renewing (it died): past its lease the session is abandoned, and b may take it
    clock += 2;
    expect(store.listAbandoned().map((s) => s.id)).toEqual([sessionId]);
    expect(b.claim(sessionId)).toBe(true);
    expect(store.holder(sessionId)).toEqual({ ownerId: 'b', expiresAt: clock + LEASE_MS });
    // a learns at its next renewal that it lost the session
    a.renew();
    expect(a.holds(sessionId)).toBe(false);
    expect(b.holds(sessionId)).toBe(true);
  });

  it('frees a session at once when its holder releases it; releasing a session held by another does nothing', () => {
    const [a, b] = [leasesOf('a'), leasesOf('b')];
    expect(a.claim(sessionId)).toBe(true);
    b.release(sessionId);
    expect(store.holder(sessionId)?.ownerId).toBe('a');
    a.release(sessionId);
    expect(store.holder(sessionId)).toBeUndefined();
    // a live session nobody holds is waiting for its source, not abandoned; a stopping one nobody holds is
    expect(store.listAbandoned()).toEqual([]);
    store.transition(sessionId, 'live', 'stopping');
    expect(store.listAbandoned().map((s) => s.id)).toEqual([sessionId]);
    expect(b.claim(sessionId)).toBe(true);
    expect(store.listAbandoned()).toEqual([]);
  });

  it('frees a session in the statement that ends it, and lets it go at the next renewal without taking it for lost', () => {
    const warnings: string[] = [];
    const logger = { info: () => {}, warn: (_fields: Record<string, unknown>, message: string) => void warnings.push(message), error: () => {} };
    const a = new LiveLeases(store, { ownerId: 'a', leaseMs: LEASE_MS, now: () => clock, logger });
    leases.push(a);
    const other = store.create({ projectId, title: 'Panel', createdBy: userId, model: MODEL, sampleRate: 16_000 }).id;
    expect(a.claim(sessionId)).toBe(true);
    expect(a.claim(other)).toBe(true);
    store.transition(sessionId, 'live', 'stopping');
    store.setFinished(sessionId, { mediaId: 'media', transcriptId: 'transcript', retranscribeJobId: null });
    store.setFailed(other, 'the disk is full');
    // whoever reads the session ended reads it free
    expect(store.get(sessionId)?.state).toBe('ended');
    expect(store.holder(sessionId)).toBeUndefined();
    expect(store.holder(other)).toBeUndefined();
    a.renew();
    expect(a.holds(sessionId)).toBe(false);
    expect(a.holds(other)).toBe(false);
    expect(warnings).toEqual([]);
    // one another process took is still reported lost
    const third = store.create({ projectId, title: 'Q&A', createdBy: userId, model: MODEL, sampleRate: 16_000 }).id;
    expect(a.claim(third)).toBe(true);
    clock += LEASE_MS + 1;
    expect(leasesOf('b').claim(third)).toBe(true);
    a.renew();
    expect(a.holds(third)).toBe(false);
    expect(warnings).toHaveLength(1);
  });

  it('releases what it holds when disposed, and claims nothing after', () => {
    const a = leasesOf('a');
    expect(a.claim(sessionId)).toBe(true);
    a.dispose();
    expect(store.holder(sessionId)).toBeUndefined();
    expect(a.claim(sessionId)).toBe(false);
  });
});
