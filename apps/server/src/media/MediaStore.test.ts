import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectStore } from '../auth/ProjectStore.ts';
import { AccountStore } from '../auth/AccountStore.ts';
import { MIGRATIONS } from '../db/migrations.ts';
import { openDatabase } from '../db/openDatabase.ts';
import { MEDIA_MIGRATIONS } from './mediaMigrations.ts';
import { MediaStore, type NewMedia } from './MediaStore.ts';

let dir: string;
let db: Database;
let store: MediaStore;
let item: NewMedia;
let clock = 1000;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-media-store-'));
  const known = new Set(MIGRATIONS.map((m) => m.id));
  db = openDatabase(join(dir, 'test.db'), { migrations: [...MIGRATIONS, ...MEDIA_MIGRATIONS.filter((m) => !known.has(m.id))].sort((a, b) => a.id - b.id) });
  const user = await new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } }).createUser({ email: 'a@example.org', password: 'a long password 1', displayName: 'A', isAdmin: false });
  const project = new ProjectStore(db).createProject('P', user.id);
  store = new MediaStore(db, { dataDir: dir, now: () => clock++ });
  const sha256 = 'ab'.repeat(32);
  item = { projectId: project.id, sha256, originalName: 'a.wav', format: 'wav', bytes: 10, durationSeconds: 1.5, sampleRate: 16000, channels: 1, createdBy: user.id, peaksPath: store.peaksPathOf(sha256) };
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeBlob(sha256: string): void {
  mkdirSync(dirname(store.blobPath(sha256)), { recursive: true });
  writeFileSync(store.blobPath(sha256), 'bytes');
  writeFileSync(join(store.mediaDir, store.peaksPathOf(sha256)), '{}');
}

describe('MediaStore', () => {
  it('keeps blobs under <dataDir>/media/<sha[0:2]>/<sha>', () => {
    expect(store.blobPath(item.sha256)).toBe(join(dir, 'media', 'ab', item.sha256));
  });

  it('inserts records in one transaction and lists a project newest first', () => {
    const [a, b] = store.insert([item, { ...item, originalName: 'b.wav' }]);
    const [c] = store.insert([{ ...item, originalName: 'c.wav' }]);
    expect(store.get(a!.id)).toEqual(a);
    expect(store.listForProject(item.projectId).map((m) => m.originalName)).toEqual(['c.wav', 'b.wav', 'a.wav']);
    expect(c!.createdAt).toBeGreaterThan(a!.createdAt);
    expect(b!.createdAt).toBe(a!.createdAt);
    // a bad row rolls back the whole batch
    expect(() => store.insert([{ ...item, originalName: 'd.wav' }, { ...item, sha256: 'short' }])).toThrow();
    expect(store.listForProject(item.projectId)).toHaveLength(3);
  });

  it('removes the blob and its peaks with the last record that uses them', () => {
    writeBlob(item.sha256);
    const [a, b] = store.insert([item, item]);
    expect(store.delete(a!.id)?.id).toBe(a!.id);
    expect(store.hasBlob(item.sha256)).toBe(true);
    expect(store.delete(b!.id)?.id).toBe(b!.id);
    expect(store.hasBlob(item.sha256)).toBe(false);
    expect(existsSync(join(store.mediaDir, store.peaksPathOf(item.sha256)))).toBe(false);
    expect(store.delete(b!.id)).toBeUndefined();
  });

  it('stores peaks as .peaks.dat and also removes the .peaks.json of records made before the binary layout', () => {
    expect(store.peaksPathOf(item.sha256)).toBe(join('ab', `${item.sha256}.peaks.dat`));
    writeBlob(item.sha256);
    const legacy = join(store.mediaDir, 'ab', `${item.sha256}.peaks.json`);
    writeFileSync(legacy, '{}');
    const [old] = store.insert([{ ...item, peaksPath: join('ab', `${item.sha256}.peaks.json`) }]);
    const [current] = store.insert([item]);
    store.delete(old!.id);
    expect(existsSync(legacy)).toBe(true);
    store.delete(current!.id);
    expect(existsSync(legacy)).toBe(false);
    expect(existsSync(join(store.mediaDir, store.peaksPathOf(item.sha256)))).toBe(false);
  });

  it('clears what interrupted uploads left behind', () => {
    expect(store.removeTemporaryFiles()).toBe(0);
    const temp = store.ensureDirectories();
    writeFileSync(join(temp, 'x.part'), 'partial');
    writeFileSync(join(temp, 'x.part.peaks.json'), '{}');
    expect(store.removeTemporaryFiles()).toBe(2);
    expect(existsSync(join(temp, 'x.part'))).toBe(false);
  });

  it('keeps the blobs in the media directory it is given (a shared one), and there spares uploads still being written', () => {
    const shared = join(dir, 'shared');
    const now = 1_800_000_000_000;
    const other = new MediaStore(db, { dataDir: dir, mediaDir: shared, now: () => now });
    expect(other.mediaDir).toBe(shared);
    expect(other.blobPath(item.sha256)).toBe(join(shared, 'ab', item.sha256));
    const temp = other.ensureDirectories();
    expect(temp).toBe(join(shared, 'tmp'));
    writeFileSync(join(temp, 'stale.part'), 'partial');
    utimesSync(join(temp, 'stale.part'), new Date(now - 61_000), new Date(now - 61_000));
    writeFileSync(join(temp, 'arriving.part'), 'partial');
    utimesSync(join(temp, 'arriving.part'), new Date(now - 1_000), new Date(now - 1_000));
    expect(other.removeTemporaryFiles({ untouchedForMs: 60_000 })).toBe(1);
    expect(existsSync(join(temp, 'stale.part'))).toBe(false);
    expect(existsSync(join(temp, 'arriving.part'))).toBe(true);
  });
});
