// The relay over the test run's real PostgreSQL server: two relays on one database stand for two server processes.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import type { DocumentRelayListener } from './DocumentRelay.ts';
import { MAX_RELAY_PAYLOAD_BYTES, PostgresDocumentRelay } from './PostgresDocumentRelay.ts';

/** What a subscriber heard, with a way to wait for the next thing it hears. */
class Heard implements DocumentRelayListener {
  readonly updates: number[] = [];
  readonly awarenesses: Uint8Array[] = [];
  readonly owners: Array<string | undefined> = [];
  resyncs = 0;
  #waiters: Array<() => void> = [];

  update(rowId: number): void {
    this.updates.push(rowId);
    this.#wake();
  }

  awareness(update: Uint8Array, owner?: string): void {
    this.awarenesses.push(update);
    this.owners.push(owner);
    this.#wake();
  }

  resync(): void {
    this.resyncs++;
    this.#wake();
  }

  /** Resolves once `check` holds (looked at after each message). */
  async until(check: () => boolean): Promise<void> {
    while (!check()) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}

let url: string;
const relays: PostgresDocumentRelay[] = [];
const open = async (): Promise<PostgresDocumentRelay> => {
  const relay = new PostgresDocumentRelay(url, { reconnectDelayMs: 10 });
  relays.push(relay);
  await relay.ready();
  return relay;
};

beforeEach(async () => {
  url = await testPostgresDatabase();
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.dispose()));
});

/** Ends a relay's connection from the server side, as a restarted database or a cut network would. */
async function terminate(relay: PostgresDocumentRelay): Promise<void> {
  const pid = relay.backendPid;
  expect(pid).toBeTypeOf('number');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe('PostgresDocumentRelay', () => {
  it("carries stored row ids and presence to the other process's subscribers of that transcript only", async () => {
    const [a, b] = [await open(), await open()];
    const onA = new Heard();
    const onB = new Heard();
    const elsewhere = new Heard();
    a.subscribe('t1', onA);
    b.subscribe('t1', onB);
    b.subscribe('t2', elsewhere);
    a.publishUpdate('t1', 7);
    a.publishAwareness('t1', new Uint8Array([1, 2, 3, 250]), 'user-1');
    a.publishAwareness('t1', new Uint8Array([4]));
    await onB.until(() => onB.awarenesses.length === 2);
    expect(onB.updates).toEqual([7]);
    expect(onB.awarenesses.map((update) => [...update])).toEqual([[1, 2, 3, 250], [4]]);
    expect(onB.owners).toEqual(['user-1', undefined]);
    // b answers: a hears it, and neither heard its own message nor t2 anything
    b.publishUpdate('t1', 8);
    await onA.until(() => onA.updates.length === 1);
    expect(onA.updates).toEqual([8]);
    expect(onA.awarenesses).toEqual([]);
    expect(onB.updates).toEqual([7]);
    expect(elsewhere.updates).toEqual([]);
  });

  it("announces a transcript's updates of one turn once, as the last row id, and drops presence too large to carry", async () => {
    const [a, b] = [await open(), await open()];
    const onB = new Heard();
    b.subscribe('t1', onB);
    for (const rowId of [3, 5, 4]) a.publishUpdate('t1', rowId);
    a.publishAwareness('t1', new Uint8Array(MAX_RELAY_PAYLOAD_BYTES));
    a.publishAwareness('t1', new Uint8Array([9]));
    await onB.until(() => onB.awarenesses.length === 1);
    expect(onB.updates).toEqual([5]);
    expect([...onB.awarenesses[0]!]).toEqual([9]);
  });

  it('stops calling a disposed subscription, and sends what waits when it is disposed itself', async () => {
    const [a, b] = [await open(), await open()];
    const kept = new Heard();
    const gone = new Heard();
    b.subscribe('t1', kept);
    b.subscribe('t1', gone).dispose();
    a.publishUpdate('t1', 1);
    await a.dispose();
    await kept.until(() => kept.updates.length === 1);
    expect(gone.updates).toEqual([]);
    // a disposed relay publishes nothing more
    a.publishUpdate('t1', 2);
    b.publishUpdate('t1', 3);
    const c = await open();
    const onC = new Heard();
    c.subscribe('t1', onC);
    b.publishUpdate('t1', 4);
    await onC.until(() => onC.updates.length === 1);
    expect(kept.updates).toEqual([1]);
  });

  it('reconnects after its connection drops and tells every subscriber to resync, then carries messages again', async () => {
    const [a, b] = [await open(), await open()];
    const onB = new Heard();
    b.subscribe('t1', onB);
    b.subscribe('t2', onB);
    const reconnected = new Promise<boolean>((resolve) => b.onDidConnect((event) => resolve(event.reconnected)));
    await terminate(b);
    // what a sends while b is away is lost: resync is how b learns that it must read the database
    a.publishUpdate('t1', 1);
    expect(await reconnected).toBe(true);
    await onB.until(() => onB.resyncs === 2);
    a.publishUpdate('t1', 2);
    await onB.until(() => onB.updates.includes(2));
    expect(b.connected).toBe(true);

    // the publisher's own connection drops: it drops what it cannot send and sends again once back
    const onA = new Heard();
    a.subscribe('t1', onA);
    const aBack = new Promise<void>((resolve) => a.onDidConnect(() => resolve()));
    await terminate(a);
    a.publishUpdate('t1', 3);
    await aBack;
    await onA.until(() => onA.resyncs === 1);
    a.publishUpdate('t1', 4);
    await onB.until(() => onB.updates.includes(4));
  });

  it('drops a connection that stops answering (its server process frozen) and listens again on a fresh one', async () => {
    const relay = new PostgresDocumentRelay(url, { reconnectDelayMs: 10, heartbeatIntervalMs: 50, heartbeatTimeoutMs: 300 });
    relays.push(relay);
    await relay.ready();
    const [other] = [await open()];
    const heard = new Heard();
    relay.subscribe('t1', heard);
    const frozen = relay.backendPid!;
    const back = new Promise<void>((resolve) => relay.onDidConnect(() => resolve()));
    // the backend stops as a vanished host would: no RST, no answer, the socket stays open
    process.kill(frozen, 'SIGSTOP');
    try {
      await back;
      expect(relay.backendPid).not.toBe(frozen);
      await heard.until(() => heard.resyncs === 1);
      other.publishUpdate('t1', 1);
      await heard.until(() => heard.updates.includes(1));
      // and shutting down does not wait on a frozen connection (nor on this one, which answers)
      process.kill(relay.backendPid!, 'SIGSTOP');
      const stopped = relay.backendPid!;
      try {
        await relay.dispose();
      } finally {
        process.kill(stopped, 'SIGCONT');
      }
    } finally {
      process.kill(frozen, 'SIGCONT');
    }
  });

  it('keeps trying while the database cannot be reached', async () => {
    const unreachable = new URL(url);
    unreachable.pathname = '/no_such_database';
    const relay = new PostgresDocumentRelay(unreachable.toString(), { reconnectDelayMs: 5, maxReconnectDelayMs: 20 });
    relays.push(relay);
    const warnings: string[] = [];
    const logged = new PostgresDocumentRelay(unreachable.toString(), {
      reconnectDelayMs: 5,
      maxReconnectDelayMs: 20,
      logger: { info() {}, error() {}, warn: (_fields, message) => void warnings.push(message) },
    });
    relays.push(logged);
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (warnings.length >= 3) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    expect(relay.connected).toBe(false);
    expect(warnings[0]).toMatch(/lost its database connection; reconnecting/);
    relay.publishUpdate('t1', 1);
  });
});
