// Pools per model over real transcriber pools of the shipped bundle (VERBATIM_BUNDLE to override).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelPools } from './ModelPools.ts';

const BUNDLE = process.env['VERBATIM_BUNDLE'] ?? resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1');
const A = { sha256: 'a'.repeat(64), dir: BUNDLE };
const B = { sha256: 'b'.repeat(64), dir: BUNDLE };
const C = { sha256: 'c'.repeat(64), dir: BUNDLE };

const created: ModelPools[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((pools) => pools.dispose()));
});

function pools(maxIdle: number): ModelPools {
  const made = new ModelPools({ maxIdle });
  created.push(made);
  return made;
}

describe('ModelPools', () => {
  it('shares one pool per model and holds several models at once', async () => {
    const target = pools(1);
    const first = target.acquire(A);
    const second = target.acquire(A);
    const other = target.acquire(B);
    expect(second.pool).toBe(first.pool);
    expect(other.pool).not.toBe(first.pool);
    expect(target.loaded).toEqual(new Map([[A.sha256, 2], [B.sha256, 1]]));
    expect(await first.pool.ready()).toMatchObject({ id: expect.any(String) });
    first.release();
    first.release(); // a second release does nothing
    expect(target.loaded.get(A.sha256)).toBe(1);
  });

  it('disposes idle pools over the limit, least recently used first, never one a job holds', async () => {
    const target = pools(1);
    const a = target.acquire(A);
    const b = target.acquire(B);
    const c = target.acquire(C);
    // all held: nothing goes, whatever the limit
    expect([...target.loaded.keys()]).toEqual([A.sha256, B.sha256, C.sha256]);
    a.release();
    b.release();
    // two idle, one allowed: A, released first, goes
    expect(target.loaded).toEqual(new Map([[B.sha256, 0], [C.sha256, 1]]));
    await expect(a.pool.transcribeFile(join(BUNDLE, 'model.json'))).rejects.toMatchObject({ code: 'disposed' });
    c.release();
    expect(target.loaded).toEqual(new Map([[C.sha256, 0]]));
    // the next job of A loads it again
    const again = target.acquire(A);
    expect(again.pool).not.toBe(a.pool);
    again.release();
  });

  it('drops a pool whose model fails to load, so the next job starts a fresh one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vwb-pools-'));
    try {
      writeFileSync(join(dir, 'model.json'), '{"schema": 1}');
      const target = pools(1);
      const broken = target.acquire({ sha256: 'd'.repeat(64), dir });
      await expect(broken.pool.ready()).rejects.toThrow();
      // the rejection handler that drops it runs right after ready() settles
      await Promise.resolve();
      expect(target.loaded.has('d'.repeat(64))).toBe(false);
      expect(target.acquire({ sha256: 'd'.repeat(64), dir }).pool).not.toBe(broken.pool);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
